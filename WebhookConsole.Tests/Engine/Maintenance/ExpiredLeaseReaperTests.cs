using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Maintenance;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine.Maintenance;

public sealed class ExpiredLeaseReaperTests : IAsyncLifetime
{
    private readonly ManualTimeProvider time = new();
    private EngineHost engine = null!;

    public async Task InitializeAsync() => engine = await EngineHost.StartAsync(time);

    public async Task DisposeAsync() => await engine.DisposeAsync();

    [Fact]
    public async Task ReapAsync_ExpiredAndLiveLeases_ReturnsOnlyTheExpiredToTheQueueAndWakesTheDispatcher()
    {
        var now = time.GetUtcNow();
        var webhookId = (await engine.CreateWebhookAsync("http://127.0.0.1:9/hook")).Webhook.Id;
        var @event = await engine.AddEventAsync(now - TimeSpan.FromMinutes(5));
        var neverSent = await engine.AddDeliveryAsync(webhookId, @event.Id, DeliveryStatus.InFlight, @event.ReceivedAt, leaseExpiresAt: now - TimeSpan.FromSeconds(1));
        var triedTwice = await engine.AddDeliveryAsync(webhookId, @event.Id, DeliveryStatus.InFlight, @event.ReceivedAt, attempts: 2, leaseExpiresAt: now);
        var stillLeased = await engine.AddDeliveryAsync(webhookId, @event.Id, DeliveryStatus.InFlight, @event.ReceivedAt, leaseExpiresAt: now + TimeSpan.FromSeconds(30));
        var waiting = await engine.AddDeliveryAsync(webhookId, @event.Id, DeliveryStatus.Retrying, @event.ReceivedAt, attempts: 1);

        var returned = await engine.Services.GetRequiredService<ExpiredLeaseReaper>().ReapAsync(CancellationToken.None);

        Assert.Equal(2, returned);
        await Signals.AssertNotifiedAsync(engine.Services.GetRequiredService<DispatchSignal>());
        await using var db = await engine.CreateDbContextAsync();
        var rows = await db.Deliveries.AsNoTracking().ToDictionaryAsync(d => d.Id);
        // Due at once (their due time has passed), and in their place: a FIFO line orders its rows by it.
        Assert.Equal((DeliveryStatus.Pending, @event.ReceivedAt, null, null), Describe(rows[neverSent.Id]));
        Assert.Equal((DeliveryStatus.Retrying, @event.ReceivedAt, null, null), Describe(rows[triedTwice.Id]));
        Assert.Equal((DeliveryStatus.InFlight, @event.ReceivedAt, "crashed-dispatcher", now + TimeSpan.FromSeconds(30)), Describe(rows[stillLeased.Id]));
        Assert.Equal((DeliveryStatus.Retrying, @event.ReceivedAt, null, null), Describe(rows[waiting.Id]));
    }

    private static (DeliveryStatus, DateTimeOffset, string?, DateTimeOffset?) Describe(Delivery row) =>
        (row.Status, row.NextAttemptAt, row.LeaseOwner, row.LeaseExpiresAt);
}
