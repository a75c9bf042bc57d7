using System.Text;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Maintenance;
using WebhookConsole.Engine.Security;
using WebhookConsole.Engine.Webhooks;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine.Security;

/// <summary>
/// Event payloads, sync hook results and attempt bodies at rest on SQLite: written encrypted by every path, read back in
/// clear by the engine, refused when moved to another row, and encrypted afterwards when written in clear before.
/// </summary>
public sealed class PayloadsAtRestTests : EngineWithReceiver
{
    private const string PayloadMarker = "payload-marker-5f1c9a77e2";
    private const string ResponseMarker = "response-marker-0b7d3e41c8";

    private DeliveryLog Log => Engine.Services.GetRequiredService<DeliveryLog>();

    [Fact]
    public async Task Dispatch_MarkersInThePayloadAndTheResponse_NeitherTheFileNorItsWalHoldsThemAndTheLogShowsThem()
    {
        var created = await Engine.CreateActiveWebhookAsync(Receiver.Url, "login");
        Receiver.Secret = created.Secret;
        Receiver.PostResponseBody = $$"""{"note": "{{ResponseMarker}}"}""";
        var published = await PublishAsync(PayloadMarker);

        Assert.Equal(1, await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None));

        Assert.Contains(PayloadMarker, (await Receiver.NextPostAsync()).BodyText);
        var (file, wal) = SqliteFile.ReadBytes(Engine.DatabasePath);
        Assert.NotEmpty(wal);
        Assert.All(new[] { file, wal }, bytes => AssertHoldsNeither(bytes, PayloadMarker, ResponseMarker));
        SqliteFile.Checkpoint(Engine.DatabasePath);
        AssertHoldsNeither(SqliteFile.ReadBytes(Engine.DatabasePath).File, PayloadMarker, ResponseMarker);
        Assert.All(new[] { "SELECT Payload FROM events", "SELECT RequestBody FROM attempts", "SELECT ResponseBody FROM attempts" },
            sql => Assert.StartsWith(PayloadCipher.Prefix, (string)SqliteFile.Scalar(Engine.DatabasePath, sql)!));
        var delivery = (await Log.GetAsync(Engine.Organization.Id, (await Log.ListAsync(Engine.Organization.Id)).Single().Id))!;
        Assert.Equal(published.EventId, delivery.EventId);
        Assert.Contains(PayloadMarker, delivery.Event!.Payload);
        var attempt = Assert.Single(delivery.Attempts);
        Assert.Contains(PayloadMarker, attempt.RequestBody);
        Assert.Equal($$"""{"note": "{{ResponseMarker}}"}""", attempt.ResponseBody);
    }

    [Fact]
    public async Task Invoke_SyncHookWithMarkers_StoresItsContentResultAndBodiesEncryptedAndItsLogShowsThem()
    {
        var created = await Engine.Webhooks.CreateAsync(Engine.Organization.Id, new WebhookInput
        {
            Name = "hook", TargetUrl = Receiver.Url, Format = WebhookFormat.Jwt, Channels = null, Triggers = [new TriggerInput(TriggerType.SyncHook, "token_minted")],
        });
        Assert.True(created.Succeeded);
        Receiver.PostResponseBody = $$"""{"note": "{{ResponseMarker}}"}""";

        var result = await Engine.Services.GetRequiredService<ISyncHookInvoker>()
            .InvokeAsync(Engine.Organization.Id, "token_minted", $$"""{"person_id": "{{PayloadMarker}}"}""");

        Assert.Equal(SyncHookOutcome.Succeeded, result.Outcome);
        SqliteFile.Checkpoint(Engine.DatabasePath);
        AssertHoldsNeither(SqliteFile.ReadBytes(Engine.DatabasePath).File, PayloadMarker, ResponseMarker);
        Assert.StartsWith(PayloadCipher.Prefix, (string)SqliteFile.Scalar(Engine.DatabasePath, "SELECT SyncResult FROM events")!);
        var hooks = Engine.Services.GetRequiredService<SyncHookLog>();
        Assert.Contains(ResponseMarker, Assert.Single(await hooks.ListAsync(Engine.Organization.Id)).Result);
        var call = Assert.Single((await hooks.GetAsync(Engine.Organization.Id, result.InvocationId))!.Calls);
        Assert.Equal($$"""{"note": "{{ResponseMarker}}"}""", Assert.Single(call.Attempts).ResponseBody);
        await using var db = await Engine.CreateDbContextAsync();
        Assert.Equal($$"""{"person_id": "{{PayloadMarker}}"}""", (await db.Events.SingleAsync()).Payload);
    }

    [Fact]
    public async Task GetAsync_PayloadCopiedFromAnotherEventBySql_IsRefusedNamingTheEventNotShown()
    {
        var (source, target) = await PublishSourceAndTargetAsync();
        Assert.Equal(2, await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None));
        var targetDelivery = (await Log.ListAsync(Engine.Organization.Id)).Single(d => d.EventId == target.EventId).Id;

        await CopyPayloadAsync(source.EventId, target.EventId);

        var refused = await Assert.ThrowsAsync<StoredValueException>(() => Log.GetAsync(Engine.Organization.Id, targetDelivery));
        Assert.Equal($"The stored payload (events.Payload) of event {target.EventId} cannot be decrypted: it was encrypted for another row or column "
            + "(copied here), changed after it was written, or written under another master key.", refused.Message);
        Assert.Contains(PayloadMarker, (await Log.GetAsync(Engine.Organization.Id, (await Log.ListAsync(Engine.Organization.Id)).Single(d => d.EventId == source.EventId).Id))!.Event!.Payload);
    }

    [Fact]
    public async Task Dispatch_OnePayloadCopiedFromAnotherEventBySql_ThatDeliveryFailsAloneNamingItsEventAndTheRestIsSent()
    {
        var (source, target) = await PublishSourceAndTargetAsync();
        await CopyPayloadAsync(source.EventId, target.EventId);

        Assert.Equal(2, await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None));

        Assert.Contains(PayloadMarker, (await Receiver.NextPostAsync()).BodyText);
        Assert.False(Receiver.TryTakePost(out _));
        var deliveries = await Log.ListAsync(Engine.Organization.Id);
        Assert.Equal(DeliveryStatus.Succeeded, deliveries.Single(d => d.EventId == source.EventId).Status);
        await using var db = await Engine.CreateDbContextAsync();
        var failed = await db.Deliveries.AsNoTracking().SingleAsync(d => d.EventId == target.EventId);
        Assert.Equal((DeliveryStatus.Failed, 0), (failed.Status, failed.AttemptCount));
        Assert.Equal($"Not sent: The stored payload (events.Payload) of event {target.EventId} cannot be decrypted: it was encrypted for another row or column "
            + "(copied here), changed after it was written, or written under another master key.", failed.LastError);
        Assert.Equal(0, await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None));
    }

    [Fact]
    public async Task GetAsync_ResponseBodyCopiedIntoTheRequestBodyBySql_IsRefusedNamingTheColumnAndTheAttempt()
    {
        var created = await Engine.CreateActiveWebhookAsync(Receiver.Url, "login");
        Receiver.Secret = created.Secret;
        await PublishAsync(PayloadMarker);
        Assert.Equal(1, await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None));
        var deliveryId = (await Log.ListAsync(Engine.Organization.Id)).Single().Id;

        await ExecuteAsync("UPDATE attempts SET RequestBody = ResponseBody");

        var refused = await Assert.ThrowsAsync<StoredValueException>(() => Log.GetAsync(Engine.Organization.Id, deliveryId));
        Assert.StartsWith($"The stored request body (attempts.RequestBody) of delivery {deliveryId}, attempt 1, cannot be decrypted", refused.Message);
    }

    [Fact]
    public async Task PayloadEncryption_RowsWrittenInClearBeforeTheUpgrade_AreShownThenEncryptedOnceAndStillShown()
    {
        var webhookId = (await Engine.CreateWebhookAsync("https://receiver.example.test/hook")).Webhook.Id;
        var payload = $$"""{"person_id": "{{PayloadMarker}}"}""";
        (Guid EventId, Guid DeliveryId) legacy;
        Guid call;
        await using (var db = await Engine.CreateDbContextAsync())
        {
            legacy = await db.AddClearDeliveryAsync(Engine.Organization.Id, webhookId, payload, payload, ResponseMarker);
            call = await db.AddClearSyncHookCallAsync(Engine.Organization.Id, payload, $$"""{"note": "{{ResponseMarker}}"}""");
        }

        SqliteFile.Checkpoint(Engine.DatabasePath);
        Assert.NotEqual(-1, SqliteFile.ReadBytes(Engine.DatabasePath).File.AsSpan().IndexOf(Encoding.UTF8.GetBytes(PayloadMarker)));
        await AssertShownAsync(legacy.DeliveryId, payload);
        var encryption = Engine.Services.GetRequiredService<PayloadEncryption>();

        var first = await encryption.EncryptAsync(CancellationToken.None);
        var again = await encryption.RunAsync(CancellationToken.None);

        Assert.Equal(new EncryptionResult(2, 1), first);
        Assert.Equal("nothing stored in clear: every event payload, sync hook result and attempt body is encrypted", again);
        foreach (var sql in new[] { "SELECT Payload FROM events", "SELECT SyncResult FROM events WHERE SyncResult IS NOT NULL", "SELECT RequestBody FROM attempts", "SELECT ResponseBody FROM attempts" })
        {
            Assert.StartsWith(PayloadCipher.Prefix, (string)SqliteFile.Scalar(Engine.DatabasePath, sql)!);
        }

        var (file, wal) = SqliteFile.ReadBytes(Engine.DatabasePath);
        Assert.All(new[] { file, wal }, bytes => AssertHoldsNeither(bytes, PayloadMarker, ResponseMarker));
        await AssertShownAsync(legacy.DeliveryId, payload);
        Assert.Contains(ResponseMarker, (await Engine.Services.GetRequiredService<SyncHookLog>().GetAsync(Engine.Organization.Id, call))!.Invocation.Result);
    }

    [Fact]
    public async Task PayloadEncryption_ErasedAndPurgedRows_AreLeftAsTheyAre()
    {
        var webhookId = (await Engine.CreateWebhookAsync("https://receiver.example.test/hook")).Webhook.Id;
        await using (var db = await Engine.CreateDbContextAsync())
        {
            var (eventId, _) = await db.AddClearDeliveryAsync(Engine.Organization.Id, webhookId, "{}", "", "");
            await ExecuteAsync($"UPDATE events SET ErasedAt = 1 WHERE Id = {SqliteFile.IdLiteral(eventId)}");
            await ExecuteAsync("UPDATE attempts SET ResponseBody = NULL");
        }

        var result = await Engine.Services.GetRequiredService<PayloadEncryption>().EncryptAsync(CancellationToken.None);

        Assert.Equal(new EncryptionResult(0, 0), result);
        Assert.Equal("{}", SqliteFile.Scalar(Engine.DatabasePath, "SELECT Payload FROM events"));
    }

    [Fact]
    public async Task SaveChanges_EventLoadedTrackedAndChanged_KeepsItsPayloadEncryptedAndShowsItInClear()
    {
        var row = new WebhookEvent
        {
            Id = Guid.NewGuid(), OrganizationId = Engine.Organization.Id, Name = "AuthenticationSucceeded_v1", Payload = PayloadMarker, ReceivedAt = DateTimeOffset.UtcNow,
        };
        await using (var db = await Engine.CreateDbContextAsync())
        {
            db.Events.Add(row);
            await db.SaveChangesAsync();
            Assert.Equal((EntityState.Unchanged, PayloadMarker), (db.Entry(row).State, row.Payload));
        }

        var stored = (string)SqliteFile.Scalar(Engine.DatabasePath, "SELECT Payload FROM events")!;
        await using (var db = await Engine.CreateDbContextAsync())
        {
            var loaded = await db.Events.SingleAsync();
            db.ChangeTracker.DetectChanges();
            Assert.Equal((EntityState.Unchanged, PayloadMarker), (db.Entry(loaded).State, loaded.Payload));
            loaded.IsTestEvent = true;
            await db.SaveChangesAsync();
        }

        Assert.Equal(stored, SqliteFile.Scalar(Engine.DatabasePath, "SELECT Payload FROM events"));
        Assert.Equal(1L, SqliteFile.Scalar(Engine.DatabasePath, "SELECT IsTestEvent FROM events"));
        await using (var db = await Engine.CreateDbContextAsync())
        {
            var loaded = await db.Events.SingleAsync();
            loaded.Payload = ResponseMarker;
            await db.SaveChangesAsync();
        }

        Assert.StartsWith(PayloadCipher.Prefix, (string)SqliteFile.Scalar(Engine.DatabasePath, "SELECT Payload FROM events")!);
        await using var check = await Engine.CreateDbContextAsync();
        Assert.Equal(ResponseMarker, (await check.Events.AsNoTracking().SingleAsync()).Payload);
    }

    private async Task<PublishResult> PublishAsync(string marker)
    {
        var result = await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "AuthenticationSucceeded_v1", $$"""{"person_id": "{{marker}}"}"""));
        Assert.True(result.Accepted, string.Join(" ", result.Errors.Select(e => e.Message)));
        return result;
    }

    private async Task AssertShownAsync(Guid deliveryId, string payload)
    {
        var delivery = (await Log.GetAsync(Engine.Organization.Id, deliveryId))!;
        Assert.Equal(payload, delivery.Event!.Payload);
        Assert.Equal((payload, ResponseMarker), (delivery.Attempts[0].RequestBody, delivery.Attempts[0].ResponseBody));
    }

    // Two events for an active websub webhook: the source's payload carries the marker, the target's does not.
    private async Task<(PublishResult Source, PublishResult Target)> PublishSourceAndTargetAsync()
    {
        Receiver.Secret = (await Engine.CreateActiveWebhookAsync(Receiver.Url, "login")).Secret;
        return (await PublishAsync(PayloadMarker), await PublishAsync("the target's own payload"));
    }

    private Task CopyPayloadAsync(Guid from, Guid to) =>
        ExecuteAsync($"""UPDATE events SET Payload = (SELECT Payload FROM events WHERE Id = {SqliteFile.IdLiteral(from)}) WHERE Id = {SqliteFile.IdLiteral(to)}""");

    private async Task ExecuteAsync(string sql)
    {
        await using var db = await Engine.CreateDbContextAsync();
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    private static void AssertHoldsNeither(byte[] bytes, params string[] markers) =>
        Assert.All(markers, marker => Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(marker))));
}
