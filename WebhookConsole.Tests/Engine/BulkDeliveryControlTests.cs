using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine;

/// <summary>The jobs page's commands on a selection of deliveries, and the counts by state it shows.</summary>
public sealed class BulkDeliveryControlTests : IAsyncLifetime
{
    private readonly ManualTimeProvider time = new();
    private EngineHost engine = null!;
    private TestReceiver receiver = null!;

    private DeliveryControl Control => engine.Services.GetRequiredService<DeliveryControl>();

    private DeliveryLog Log => engine.Services.GetRequiredService<DeliveryLog>();

    private Guid OrganizationId => engine.Organization.Id;

    public async Task InitializeAsync()
    {
        engine = await EngineHost.StartAsync(time);
        receiver = await TestReceiver.StartAsync();
        await engine.CreateActiveWebhookAsync(receiver.Url, "login");
    }

    public async Task DisposeAsync()
    {
        await receiver.DisposeAsync();
        await engine.DisposeAsync();
    }

    [Fact]
    public async Task CountByStatusAsync_MixedDeliveries_CountsEachStateAndZeroForTheRest()
    {
        var ids = await PublishAsync(3);
        receiver.PostStatuses.Enqueue(500);
        await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);
        await PublishAsync(1);

        var counts = await Log.CountByStatusAsync(OrganizationId);

        Assert.Equal(1, counts[DeliveryStatus.Pending]);
        Assert.Equal(1, counts[DeliveryStatus.Retrying]);
        Assert.Equal(2, counts[DeliveryStatus.Succeeded]);
        Assert.Equal(0, counts[DeliveryStatus.Failed]);
        Assert.Equal(6, counts.Count);
        Assert.Equal(3, ids.Count);
    }

    [Fact]
    public async Task RequeueManyAsync_SucceededDeliveries_SendsEachAgain()
    {
        var ids = await PublishAsync(2);
        await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);

        var requeued = await Control.RequeueManyAsync(OrganizationId, ids);
        await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);

        Assert.Equal(2, requeued);
        foreach (var id in ids)
        {
            Assert.Equal(2, (await Log.GetAsync(OrganizationId, id))!.AttemptCount);
        }
    }

    [Fact]
    public async Task RequeueManyAsync_IdOfAnotherOrganization_IsSkipped()
    {
        var ids = await PublishAsync(1);
        await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);

        var requeued = await Control.RequeueManyAsync(Guid.NewGuid(), ids);

        Assert.Equal(0, requeued);
        Assert.Equal(DeliveryStatus.Succeeded, (await Log.GetAsync(OrganizationId, ids[0]))!.Status);
    }

    [Fact]
    public async Task DeliverNowAsync_RetryingDelivery_IsSentBeforeItsBackoffEnds()
    {
        receiver.PostStatuses.Enqueue(500);
        var ids = await PublishAsync(1);
        await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);
        Assert.Equal(0, await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None));

        var moved = await Control.DeliverNowAsync(OrganizationId, ids);
        await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);

        Assert.Equal(1, moved);
        Assert.Equal(DeliveryStatus.Succeeded, (await Log.GetAsync(OrganizationId, ids[0]))!.Status);
    }

    [Fact]
    public async Task CancelManyAsync_PendingAndSucceeded_CancelsOnlyThePending()
    {
        var sent = await PublishAsync(1);
        await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);
        var waiting = await PublishAsync(2);

        var cancelled = await Control.CancelManyAsync(OrganizationId, [.. sent, .. waiting]);

        Assert.Equal(2, cancelled);
        Assert.Equal(DeliveryStatus.Succeeded, (await Log.GetAsync(OrganizationId, sent[0]))!.Status);
        Assert.Equal(0, await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None));
    }

    private async Task<List<Guid>> PublishAsync(int count)
    {
        var before = (await Log.ListAsync(OrganizationId, limit: 500)).Select(d => d.Id).ToHashSet();
        for (var i = 0; i < count; i++)
        {
            await engine.Publisher.PublishAsync(new(OrganizationId, "AuthenticationSucceeded_v1", "{}"));
            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        return [.. (await Log.ListAsync(OrganizationId, limit: 500)).Select(d => d.Id).Where(id => !before.Contains(id))];
    }
}
