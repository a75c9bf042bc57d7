using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Persistence;

namespace WebhookConsole.Tests.Shared;

/// <summary>
/// Writes rows straight into the database with raw SQL (SQLite or PostgreSQL, through the context's connection), the
/// payload and bodies in clear: what a database written before encryption at rest holds, or what someone with write
/// access to it did.
/// </summary>
public static class ClearRows
{
    private const string Headers = """{"Content-Type":["application/json"]}""";
    private const string NoHeaders = "{}";

    /// <summary>A succeeded delivery of a clear event to <paramref name="webhookId"/>, with one attempt whose bodies are clear.</summary>
    public static async Task<(Guid EventId, Guid DeliveryId)> AddClearDeliveryAsync(
        this WebhookDbContext db, Guid organizationId, Guid webhookId, string payload, string requestBody, string responseBody)
    {
        var (eventId, deliveryId) = (Guid.NewGuid(), Guid.NewGuid());
        var at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO events ("Id", "OrganizationId", "TriggerType", "Name", "Payload", "IsTestEvent", "ReceivedAt")
            VALUES ({eventId}, {organizationId}, 'Event', 'AuthenticationSucceeded_v1', {payload}, {false}, {at})
            """);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO deliveries ("Id", "EventId", "EventName", "IsTestEvent", "WebhookId", "OrganizationId", "Status", "AttemptCount",
                "CreatedAt", "FirstAttemptAt", "NextAttemptAt", "CompletedAt", "LastResponseStatus", "Sequence")
            VALUES ({deliveryId}, {eventId}, 'AuthenticationSucceeded_v1', {false}, {webhookId}, {organizationId}, 'Succeeded', 1, {at}, {at}, {at}, {at + 40}, 200, 0)
            """);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO attempts ("DeliveryId", "Number", "StartedAt", "Duration", "RequestUrl", "RequestHeaders", "RequestBody",
                "ResponseStatus", "ResponseHeaders", "ResponseBody", "Error")
            VALUES ({deliveryId}, 1, {at}, 40, 'https://receiver.example.test/hook', {Headers}, {requestBody},
                200, {NoHeaders}, {responseBody}, 'None')
            """);
        return (eventId, deliveryId);
    }

    /// <summary>A sync hook call whose content and merged result are clear.</summary>
    public static async Task<Guid> AddClearSyncHookCallAsync(this WebhookDbContext db, Guid organizationId, string content, string result)
    {
        var id = Guid.NewGuid();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO events ("Id", "OrganizationId", "TriggerType", "Name", "Payload", "IsTestEvent", "ReceivedAt", "SyncResult")
            VALUES ({id}, {organizationId}, 'SyncHook', 'token_minted', {content}, {false}, {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}, {result})
            """);
        return id;
    }
}
