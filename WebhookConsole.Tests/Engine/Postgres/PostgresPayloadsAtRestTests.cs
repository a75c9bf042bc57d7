using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Maintenance;
using WebhookConsole.Engine.Security;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine.Postgres;

/// <summary>Payloads and bodies at rest on PostgreSQL: the pipelined inserts and records write them encrypted, the engine reads them back.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresPayloadsAtRestTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string PayloadMarker = "payload-marker-e6a1f09c3d";
    private const string ResponseMarker = "response-marker-48b2c7d15e";

    private EngineHost engine = null!;
    private TestReceiver receiver = null!;

    private DeliveryLog Log => engine.Services.GetRequiredService<DeliveryLog>();

    public async Task InitializeAsync()
    {
        engine = await EngineHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:WebhookConsole"] = await postgres.CreateDatabaseAsync(),
            ["DataProtection:MasterKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        });
        receiver = await TestReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await engine.DisposeAsync();
        await receiver.DisposeAsync();
    }

    [Fact]
    public async Task Deliver_MarkersOnPostgres_NoStoredColumnHoldsThemAndTheLogShowsThem()
    {
        var created = await engine.CreateActiveWebhookAsync(receiver.Url, "login");
        receiver.Secret = created.Secret;
        receiver.PostResponseBody = $$"""{"note": "{{ResponseMarker}}"}""";

        var published = await engine.Publisher.PublishManyAsync([
            new(engine.Organization.Id, "AuthenticationSucceeded_v1", $$"""{"person_id": "{{PayloadMarker}}"}"""),
            new(engine.Organization.Id, "AuthenticationSucceeded_v1", $$"""{"person_id": "{{PayloadMarker}}-2"}"""),
        ]);
        Assert.Equal(2, await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None));

        Assert.All(await ColumnAsync("""SELECT "Payload" AS "Value" FROM events"""), AssertEncrypted);
        Assert.All(await ColumnAsync("""SELECT "RequestBody" AS "Value" FROM attempts UNION ALL SELECT "ResponseBody" FROM attempts"""), AssertEncrypted);
        Assert.Equal(4, (await ColumnAsync("""SELECT "RequestBody" AS "Value" FROM attempts UNION ALL SELECT "ResponseBody" FROM attempts""")).Count);
        foreach (var summary in await Log.ListAsync(engine.Organization.Id))
        {
            var delivery = (await Log.GetAsync(engine.Organization.Id, summary.Id))!;
            Assert.Contains(published, p => p.EventId == delivery.EventId);
            Assert.Contains(PayloadMarker, delivery.Event!.Payload);
            Assert.Contains(PayloadMarker, delivery.Attempts.Single().RequestBody);
            Assert.Equal($$"""{"note": "{{ResponseMarker}}"}""", delivery.Attempts.Single().ResponseBody);
        }
    }

    [Fact]
    public async Task PayloadEncryption_ClearRowsOnPostgres_AreShownThenEncryptedAndAMovedPayloadIsRefused()
    {
        var webhookId = (await engine.CreateWebhookAsync("https://receiver.example.test/hook")).Webhook.Id;
        var payload = $$"""{"person_id": "{{PayloadMarker}}"}""";
        (Guid EventId, Guid DeliveryId) first, second;
        await using (var db = await engine.CreateDbContextAsync())
        {
            first = await db.AddClearDeliveryAsync(engine.Organization.Id, webhookId, payload, payload, ResponseMarker);
            second = await db.AddClearDeliveryAsync(engine.Organization.Id, webhookId, "{}", "{}", "ok");
        }

        Assert.Equal(payload, (await Log.GetAsync(engine.Organization.Id, first.DeliveryId))!.Event!.Payload);

        var result = await engine.Services.GetRequiredService<PayloadEncryption>().EncryptAsync(CancellationToken.None);

        Assert.Equal(new EncryptionResult(2, 2), result);
        Assert.All(await ColumnAsync("""SELECT "Payload" AS "Value" FROM events"""), AssertEncrypted);
        Assert.All(await ColumnAsync("""SELECT "ResponseBody" AS "Value" FROM attempts"""), AssertEncrypted);
        var shown = (await Log.GetAsync(engine.Organization.Id, first.DeliveryId))!;
        Assert.Equal((payload, payload, ResponseMarker), (shown.Event!.Payload, shown.Attempts[0].RequestBody, shown.Attempts[0].ResponseBody));
        Assert.Equal(new EncryptionResult(0, 0), await engine.Services.GetRequiredService<PayloadEncryption>().EncryptAsync(CancellationToken.None));

        await using (var db = await engine.CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlAsync($"""UPDATE events SET "Payload" = (SELECT "Payload" FROM events WHERE "Id" = {first.EventId}) WHERE "Id" = {second.EventId}""");
        }

        var refused = await Assert.ThrowsAsync<StoredValueException>(() => Log.GetAsync(engine.Organization.Id, second.DeliveryId));
        Assert.StartsWith($"The stored payload (events.Payload) of event {second.EventId} cannot be decrypted", refused.Message);
    }

    private async Task<List<string>> ColumnAsync(string sql)
    {
        await using var db = await engine.CreateDbContextAsync();
        return await db.Database.SqlQueryRaw<string>(sql).ToListAsync();
    }

    private static void AssertEncrypted(string stored)
    {
        Assert.StartsWith(PayloadCipher.Prefix, stored);
        Assert.DoesNotContain(PayloadMarker, stored);
        Assert.DoesNotContain(ResponseMarker, stored);
    }
}
