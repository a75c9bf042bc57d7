using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Maintenance;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine.Maintenance;

public sealed class RetentionPurgeTests : IAsyncLifetime
{
    private readonly ManualTimeProvider time = new();
    private EngineHost engine = null!;
    private Guid webhookId;

    public async Task InitializeAsync()
    {
        // Batches of two, so three purgeable deliveries take two transactions.
        engine = await EngineHost.StartAsync(time, new Dictionary<string, string?> { ["Maintenance:PurgeBatchSize"] = "2" });
        webhookId = (await engine.CreateWebhookAsync("http://127.0.0.1:9/hook")).Webhook.Id;
    }

    public async Task DisposeAsync() => await engine.DisposeAsync();

    [Fact]
    public async Task PurgeAsync_RowsOfEveryStateAndAge_DeletesOnlyFinishedRowsPastRetentionAndTheirOrphanedEvents()
    {
        var now = time.GetUtcNow();
        var old = now - TimeSpan.FromDays(31);
        var recent = now - TimeSpan.FromDays(1);
        var purgedEvent = await engine.AddEventAsync(old);
        var sharedEvent = await engine.AddEventAsync(old);
        var orphanEvent = await engine.AddEventAsync(old);
        var recentOrphanEvent = await engine.AddEventAsync(recent);
        var recentEvent = await engine.AddEventAsync(recent);
        await engine.AddDeliveryAsync(webhookId, purgedEvent.Id, DeliveryStatus.Succeeded, old, completedAt: old, attempts: 2);
        await engine.AddDeliveryAsync(webhookId, purgedEvent.Id, DeliveryStatus.Failed, old, completedAt: old, attempts: 3);
        await engine.AddDeliveryAsync(webhookId, sharedEvent.Id, DeliveryStatus.Cancelled, old);
        var retrying = await engine.AddDeliveryAsync(webhookId, sharedEvent.Id, DeliveryStatus.Retrying, old, attempts: 1);
        var pending = await engine.AddDeliveryAsync(webhookId, sharedEvent.Id, DeliveryStatus.Pending, old);
        var completedRecently = await engine.AddDeliveryAsync(webhookId, sharedEvent.Id, DeliveryStatus.Succeeded, old, completedAt: recent, attempts: 1);
        var recentSucceeded = await engine.AddDeliveryAsync(webhookId, recentEvent.Id, DeliveryStatus.Succeeded, recent, completedAt: recent, attempts: 1);

        var result = await engine.Services.GetRequiredService<RetentionPurge>().PurgeAsync(CancellationToken.None);

        Assert.Equal(new PurgeResult(now - TimeSpan.FromDays(30), Deliveries: 3, Attempts: 5, Events: 2), result);
        await using var db = await engine.CreateDbContextAsync();
        Assert.Equal(
            new[] { retrying.Id, pending.Id, completedRecently.Id, recentSucceeded.Id }.Order(),
            (await db.Deliveries.Select(d => d.Id).ToListAsync()).Order());
        Assert.Equal(
            new[] { sharedEvent.Id, recentOrphanEvent.Id, recentEvent.Id }.Order(),
            (await db.Events.Select(e => e.Id).ToListAsync()).Order());
        Assert.Equal(3, await db.Attempts.CountAsync());
        Assert.DoesNotContain(orphanEvent.Id, await db.Events.Select(e => e.Id).ToListAsync());
    }

    [Fact]
    public async Task RunAsync_NothingPastRetention_SaysSoAndDeletesNothing()
    {
        var recentEvent = await engine.AddEventAsync(time.GetUtcNow() - TimeSpan.FromDays(29));
        await engine.AddDeliveryAsync(webhookId, recentEvent.Id, DeliveryStatus.Failed, recentEvent.ReceivedAt, completedAt: recentEvent.ReceivedAt, attempts: 1);

        var message = await engine.Services.GetRequiredService<RetentionPurge>().RunAsync(CancellationToken.None);

        Assert.Equal("purged 0 deliveries, 0 attempts and 0 events older than 2026-10-22 12:00 UTC (or their organization's own retention), the bodies of 0 deliveries' attempts, 0 idempotency keys, and 0 audit entries older than Audit:Retention", message);
        await using var db = await engine.CreateDbContextAsync();
        Assert.Equal(1, await db.Deliveries.CountAsync());
        Assert.Equal(1, await db.Events.CountAsync());
    }

    [Fact]
    public async Task PurgeAsync_IdempotencyKeysPastTheWindow_DeletesThemAndAnExpiredKeyStartsAFreshEvent()
    {
        var firstA = await engine.Publisher.PublishAsync(new(engine.Organization.Id, "AuthenticationSucceeded_v1", "{}", IdempotencyKey: "a"));
        var firstB = await engine.Publisher.PublishAsync(new(engine.Organization.Id, "AuthenticationSucceeded_v1", "{}", IdempotencyKey: "b"));
        time.Advance(TimeSpan.FromHours(12));
        var repeatB = await engine.Publisher.PublishAsync(new(engine.Organization.Id, "AuthenticationSucceeded_v1", "{}", IdempotencyKey: "b"));
        time.Advance(TimeSpan.FromHours(13));

        var lateA = await engine.Publisher.PublishAsync(new(engine.Organization.Id, "AuthenticationSucceeded_v1", "{}", IdempotencyKey: "a"));
        var result = await engine.Services.GetRequiredService<RetentionPurge>().PurgeAsync(CancellationToken.None);

        Assert.True(repeatB.Duplicate);
        Assert.Equal(firstB.EventId, repeatB.EventId);
        Assert.False(lateA.Duplicate);
        Assert.NotEqual(firstA.EventId, lateA.EventId);
        Assert.Equal(1, result.IdempotencyKeys);
        await using var db = await engine.CreateDbContextAsync();
        var kept = Assert.Single(await db.IdempotencyKeys.ToListAsync());
        Assert.Equal(("a", lateA.EventId), (kept.Key, kept.EventId));
    }
}
