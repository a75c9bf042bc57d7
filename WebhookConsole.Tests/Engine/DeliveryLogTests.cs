using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine;

/// <summary>The delivery log's pages: keyset cursor (newest first) and filters, on a real SQLite file.</summary>
public sealed class DeliveryLogTests : IAsyncLifetime
{
    private readonly ManualTimeProvider time = new();
    private EngineHost engine = null!;
    private TestReceiver receiver = null!;
    private Guid webhookId;

    private DeliveryLog Log => engine.Services.GetRequiredService<DeliveryLog>();

    public async Task InitializeAsync()
    {
        engine = await EngineHost.StartAsync(time);
        receiver = await TestReceiver.StartAsync();
        webhookId = (await engine.CreateActiveWebhookAsync(receiver.Url, "login")).Webhook.Id;
    }

    public async Task DisposeAsync()
    {
        await receiver.DisposeAsync();
        await engine.DisposeAsync();
    }

    [Fact]
    public async Task ListPageAsync_DeliveriesCreatedInTheSameMillisecond_CursorWalksEachOnceNewestIdFirst()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await PublishAsync("AuthenticationSucceeded_v1"));
        }

        var seen = new List<Guid>();
        DeliveryCursor? cursor = null;
        var pages = 0;
        do
        {
            var page = await Log.ListPageAsync(engine.Organization.Id, new DeliveryFilter(webhookId), cursor, limit: 2);
            seen.AddRange(page.Items.Select(d => d.Id));
            cursor = page.Next;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(ids.OrderByDescending(id => id.ToString().ToUpperInvariant(), StringComparer.Ordinal), seen);
    }

    [Fact]
    public async Task ListPageAsync_Filters_ReturnOnlyMatchingDeliveries()
    {
        var start = time.GetUtcNow();
        var succeeded = await PublishAsync("AuthenticationSucceeded_v1");
        await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(1));
        var failed = await PublishAsync("AuthenticationFailed_v1");
        time.Advance(TimeSpan.FromMinutes(1));
        var pending = await PublishAsync("AuthenticationSucceeded_v1");

        Assert.Equal([pending, failed, succeeded], await IdsAsync(new DeliveryFilter(webhookId)));
        Assert.Equal([succeeded], await IdsAsync(new DeliveryFilter(webhookId, Status: DeliveryStatus.Succeeded)));
        Assert.Equal([pending, failed], await IdsAsync(new DeliveryFilter(webhookId, Status: DeliveryStatus.Pending)));
        Assert.Equal([failed], await IdsAsync(new DeliveryFilter(webhookId, EventName: "AuthenticationFailed_v1")));
        Assert.Equal([pending, failed], await IdsAsync(new DeliveryFilter(webhookId, Since: start.AddMinutes(1))));
        Assert.Equal([failed, succeeded], await IdsAsync(new DeliveryFilter(webhookId, Until: start.AddMinutes(2))));
        Assert.Empty(await IdsAsync(new DeliveryFilter(Guid.NewGuid())));
    }

    [Fact]
    public async Task ListPageAsync_TestEventsOnly_ReturnsOnlyTestEventDeliveries()
    {
        await PublishAsync("AuthenticationSucceeded_v1");
        var test = await PublishAsync("AuthenticationSucceeded_v1", isTestEvent: true);

        var ids = await IdsAsync(new DeliveryFilter(TestEventsOnly: true));

        Assert.Equal([test], ids);
    }

    private async Task<Guid> PublishAsync(string eventName, bool isTestEvent = false)
    {
        var published = await engine.Publisher.PublishAsync(new(engine.Organization.Id, eventName, "{}", IsTestEvent: isTestEvent));
        Assert.Equal(1, published.DeliveryCount);
        await using var db = await engine.CreateDbContextAsync();
        return await db.Deliveries.Where(d => d.EventId == published.EventId).Select(d => d.Id).SingleAsync();
    }

    private async Task<List<Guid>> IdsAsync(DeliveryFilter filter) =>
        (await Log.ListPageAsync(engine.Organization.Id, filter, before: null, limit: 50)).Items.Select(d => d.Id).ToList();
}
