using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Webhooks;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine;

/// <summary>Issue 10, defect 6: sync-hook calls stay out of the event deliveries log and the queue's counts (they have their own page).</summary>
public sealed class DeliveryLogSyncHookTests : IAsyncLifetime
{
    private EngineHost engine = null!;

    private DeliveryLog Log => engine.Services.GetRequiredService<DeliveryLog>();

    public async Task InitializeAsync() => engine = await EngineHost.StartAsync(new ManualTimeProvider());

    public async Task DisposeAsync() => await engine.DisposeAsync();

    [Fact]
    public async Task ListAndCount_SyncHookCallBesideAnEvent_ShowOnlyTheEventDelivery()
    {
        var webhook = (await engine.Webhooks.CreateAsync(engine.Organization.Id,
            new WebhookInput { Name = "Hook", TargetUrl = "https://a.example.com/hook", Format = WebhookFormat.Jwt, Channels = ["login"] })).Value!.Webhook.Id;
        var now = DateTimeOffset.UtcNow;
        var eventDelivery = await engine.AddDeliveryAsync(webhook, (await engine.AddEventAsync(now)).Id, DeliveryStatus.Failed, now, now, attempts: 3);
        await engine.AddDeliveryAsync(webhook, (await engine.AddEventAsync(now, TriggerType.SyncHook)).Id, DeliveryStatus.Failed, now, now, attempts: 3);

        var page = await Log.ListPageAsync(engine.Organization.Id, new DeliveryFilter(Status: DeliveryStatus.Failed), null, 50);
        var counts = await Log.CountByStatusAsync(engine.Organization.Id);

        Assert.Equal(eventDelivery.Id, Assert.Single(page.Items).Id);
        Assert.Equal(1, counts[DeliveryStatus.Failed]);
    }
}
