using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Organizations;
using WebhookConsole.Engine.Privacy;

namespace WebhookConsole.Tests.Shared;

/// <summary>
/// Writes events, deliveries and attempts straight into an engine's database, in any state and at any age: what
/// months of traffic or a crashed dispatcher would have left behind, for the maintenance tests.
/// </summary>
public static class StoredRows
{
    /// <summary>
    /// Adds an organization beside the engine's own, as the platform API does, with its own retention windows when
    /// given (whole days; bodies no longer than rows, as the product requires), and a webhook of its own.
    /// </summary>
    public static async Task<(Guid Organization, Guid Webhook)> AddOrganizationAsync(
        this EngineHost engine, string handle, TimeSpan? eventRetention = null, TimeSpan? bodyRetention = null)
    {
        var created = await engine.Services.GetRequiredService<OrganizationService>().CreateAsync(handle, handle, parentId: null);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Message)));
        var organizationId = created.Value!.Id;
        if (eventRetention is not null || bodyRetention is not null)
        {
            var windows = await engine.Services.GetRequiredService<RetentionSettings>().UpdateAsync(organizationId,
                new((int?)eventRetention?.TotalDays), new((int?)bodyRetention?.TotalDays));
            Assert.True(windows.Succeeded, string.Join(" ", windows.Errors.Select(e => e.Message)));
        }

        var webhook = await engine.Webhooks.CreateAsync(organizationId, new() { Name = handle, TargetUrl = $"http://127.0.0.1:9/{handle}", Channels = ["login"] });
        Assert.True(webhook.Succeeded, string.Join(" ", webhook.Errors.Select(e => e.Message)));
        return (organizationId, webhook.Value!.Webhook.Id);
    }

    /// <summary>Stores an event of <paramref name="organizationId"/> (the engine's own organization when null).</summary>
    public static async Task<WebhookEvent> AddEventAsync(
        this EngineHost engine, DateTimeOffset receivedAt, TriggerType trigger = TriggerType.Event, Guid? organizationId = null)
    {
        var row = new WebhookEvent
        {
            Id = Guid.NewGuid(),
            OrganizationId = organizationId ?? engine.Organization.Id,
            TriggerType = trigger,
            Name = trigger == TriggerType.SyncHook ? "token_minted" : "AuthenticationSucceeded_v1",
            Payload = "{}",
            ReceivedAt = receivedAt,
        };
        await using var db = await engine.CreateDbContextAsync();
        db.Events.Add(row);
        await db.SaveChangesAsync();
        return row;
    }

    /// <summary>
    /// Stores a delivery with <paramref name="attempts"/> failed attempts (the last one succeeded when it did), due at
    /// <paramref name="nextAttemptAt"/> (its creation when null), <paramref name="sequence"/> in acceptance order, in its
    /// event's organization.
    /// </summary>
    public static async Task<Delivery> AddDeliveryAsync(
        this EngineHost engine,
        Guid webhookId,
        Guid eventId,
        DeliveryStatus status,
        DateTimeOffset createdAt,
        DateTimeOffset? completedAt = null,
        int attempts = 0,
        DateTimeOffset? leaseExpiresAt = null,
        DateTimeOffset? nextAttemptAt = null,
        long sequence = 0)
    {
        var row = new Delivery
        {
            Id = Guid.NewGuid(),
            EventId = eventId,
            WebhookId = webhookId,
            OrganizationId = engine.Organization.Id,
            Status = status,
            AttemptCount = attempts,
            CreatedAt = createdAt,
            FirstAttemptAt = attempts > 0 ? createdAt : null,
            NextAttemptAt = nextAttemptAt ?? createdAt,
            Sequence = sequence,
            CompletedAt = completedAt,
            LeaseOwner = leaseExpiresAt is null ? null : "crashed-dispatcher",
            LeaseExpiresAt = leaseExpiresAt,
        };
        for (var number = 1; number <= attempts; number++)
        {
            var succeeded = status == DeliveryStatus.Succeeded && number == attempts;
            row.Attempts.Add(new Attempt
            {
                Number = number,
                StartedAt = createdAt,
                Duration = TimeSpan.FromMilliseconds(40),
                RequestUrl = "https://receiver.example.test/hook",
                RequestHeaders = "{}",
                RequestBody = "{}",
                ResponseStatus = succeeded ? 200 : 500,
                Error = succeeded ? AttemptError.None : AttemptError.NonSuccessStatus,
            });
        }

        await using var db = await engine.CreateDbContextAsync();
        if (await db.Events.FindAsync(eventId) is { } stored)
        {
            row.OrganizationId = stored.OrganizationId;
            row.EventName = stored.Name;
            row.IsTestEvent = stored.IsTestEvent;
        }

        db.Deliveries.Add(row);
        await db.SaveChangesAsync();
        return row;
    }
}
