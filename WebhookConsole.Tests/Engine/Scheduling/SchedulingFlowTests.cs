using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Operations;
using WebhookConsole.Engine.Scheduling;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine.Scheduling;

/// <summary>The scheduler one dispatch round at a time on a manual clock, against a real loopback receiver.</summary>
public sealed class SchedulingFlowTests() : EngineWithReceiver(new ManualTimeProvider())
{
    [Fact]
    public async Task Circuit_FiveFailuresInARow_OpensProbesAfterTheCoolDownAndClosesOnSuccess()
    {
        var webhookId = await Endpoints.CreateAsync(Engine, Receiver.Url);
        for (var i = 0; i < 100; i++)
        {
            Receiver.PostStatuses.Enqueue(500);
        }

        var opened = Time.GetUtcNow();
        await Endpoints.PublishAsync(Engine, 6);

        var first = await DispatchAsync();
        var state = await StateAsync(webhookId);
        Assert.Equal(6, first);
        Assert.Equal(CircuitState.Open, state.Circuit);
        Assert.Equal(opened, state.CircuitSince);
        Assert.Equal(opened + TimeSpan.FromSeconds(30), state.NextProbeAt);
        Assert.Equal(OperationalEventKind.CircuitOpened, NextOperationalEvent().Kind);

        // The retries fall due after a minute; the cool-down is over by then, so exactly one probe goes, and fails.
        Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await DispatchAsync());
        Assert.Equal(TimeSpan.FromMinutes(1), (await StateAsync(webhookId)).CoolDown);
        Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, await DispatchAsync());
        Assert.Equal(7, Receiver.AllPosts.Count);
        Assert.All(await DeliveriesAsync(webhookId), d => Assert.Equal(DeliveryStatus.Retrying, d.Status));

        Receiver.PostStatuses.Clear();
        Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, await DispatchAsync());
        var recoveredAt = Time.GetUtcNow();
        Assert.Equal(CircuitState.Closed, (await StateAsync(webhookId)).Circuit);
        Assert.Equal(OperationalEventKind.EndpointRecovered, NextOperationalEvent().Kind);
        var waiting = (await DeliveriesAsync(webhookId)).Where(d => d.Status == DeliveryStatus.Retrying).ToList();
        Assert.Equal(5, waiting.Count);
        Assert.All(waiting, d => Assert.Equal(d.CreatedAt + (recoveredAt - opened), d.FirstAttemptAt));

        // The four that never went out while the circuit was open are due; the failed probe keeps its own retry time.
        Assert.Equal(4, await DispatchAsync());
        Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await DispatchAsync());
        Assert.All(await DeliveriesAsync(webhookId), d => Assert.Equal(DeliveryStatus.Succeeded, d.Status));
    }

    [Fact]
    public async Task Circuit_OnlyClientErrors_NeverOpens()
    {
        var webhookId = await Endpoints.CreateAsync(Engine, Receiver.Url);
        for (var i = 0; i < 10; i++)
        {
            Receiver.PostStatuses.Enqueue(i % 2 == 0 ? 404 : 429);
        }

        await Endpoints.PublishAsync(Engine, 10);

        Assert.Equal(10, await DispatchAsync());
        await using var db = await Engine.CreateDbContextAsync();
        Assert.False(await db.EndpointStates.AnyAsync(s => s.WebhookId == webhookId && s.Circuit != CircuitState.Closed));
    }

    [Fact]
    public async Task Fifo_FailingHead_HoldsTheLineUntilItSucceedsThenTheRestGoInOrder()
    {
        await Endpoints.CreateAsync(Engine, Receiver.Url, ordering: DeliveryOrdering.Fifo);
        Receiver.PostStatuses.Enqueue(500);
        var accepted = await Endpoints.PublishAsync(Engine, 5);

        var rounds = new List<int> { await DispatchAsync(), await DispatchAsync() };
        Time.Advance(TimeSpan.FromMinutes(1).Add(TimeSpan.FromSeconds(10)));
        for (var i = 0; i < 6; i++)
        {
            rounds.Add(await DispatchAsync());
        }

        Assert.Equal([1, 0, 1, 1, 1, 1, 1, 0], rounds);
        Assert.Equal([accepted[0], .. accepted], ReceivedInOrder());
    }

    [Fact]
    public async Task Fifo_ProcessDiesHoldingTheHead_NothingPassesItAndOrderHoldsAfterTheLease()
    {
        await Endpoints.CreateAsync(Engine, Receiver.Url, ordering: DeliveryOrdering.Fifo);
        var accepted = await Endpoints.PublishAsync(Engine, 4);

        var leased = await Engine.Services.ClaimAsync("killed-process", 10, TimeSpan.FromSeconds(50));
        await Engine.RestartAsync();
        var whileLeased = await DispatchAsync();
        Time.Advance(TimeSpan.FromSeconds(51));
        var after = new[] { await DispatchAsync(), await DispatchAsync(), await DispatchAsync(), await DispatchAsync() };

        Assert.Single(leased);
        Assert.Equal(0, whileLeased);
        Assert.Equal([1, 1, 1, 1], after);
        Assert.Equal(accepted, ReceivedInOrder());
    }

    [Fact]
    public async Task Fifo_ReaperReturnsADeadProcesssHead_TheHeadStillGoesFirst()
    {
        await Endpoints.CreateAsync(Engine, Receiver.Url, ordering: DeliveryOrdering.Fifo);
        var accepted = await Endpoints.PublishAsync(Engine, 3);
        await Engine.Services.ClaimAsync("killed-process", 10, TimeSpan.FromSeconds(50));

        Time.Advance(TimeSpan.FromSeconds(51));
        Assert.Equal(1, await Engine.Services.GetRequiredService<WebhookConsole.Engine.Maintenance.ExpiredLeaseReaper>().ReapAsync(CancellationToken.None));
        var rounds = new[] { await DispatchAsync(), await DispatchAsync(), await DispatchAsync() };

        Assert.Equal([1, 1, 1], rounds);
        Assert.Equal(accepted, ReceivedInOrder());
    }

    [Fact]
    public async Task RateLimit_ManyDue_EachRoundTakesOnlyWhatTheBucketHolds()
    {
        await Endpoints.CreateAsync(Engine, Receiver.Url, ratePerSecond: 5);
        await Endpoints.PublishAsync(Engine, 20);

        var rounds = new List<int> { await DispatchAsync(), await DispatchAsync() };
        Time.Advance(TimeSpan.FromMilliseconds(400));
        rounds.Add(await DispatchAsync());
        Time.Advance(TimeSpan.FromSeconds(10));
        rounds.Add(await DispatchAsync());

        Assert.Equal([5, 0, 2, 5], rounds);
    }

    [Fact]
    public async Task Cap_ManyDue_EachRoundLeasesOnlyUpToTheCapAcrossOwners()
    {
        await Endpoints.CreateAsync(Engine, Receiver.Url, maxInFlight: 3);
        await Endpoints.PublishAsync(Engine, 10);

        var other = await Engine.Services.ClaimAsync("other-node", 10, TimeSpan.FromMinutes(1));
        var mine = await DispatchAsync();

        Assert.Equal(3, other.Count);
        Assert.Equal(0, mine);
    }

    private List<string> ReceivedInOrder() => [.. Receiver.PostsInOrder.Select(Endpoints.EventIdOf)];

    private Task<int> DispatchAsync() => Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);

    private OperationalEvent NextOperationalEvent()
    {
        Assert.True(Engine.Services.GetRequiredService<OperationalEvents>().Reader.TryRead(out var raised));
        return raised;
    }

    private async Task<EndpointState> StateAsync(Guid webhookId)
    {
        await using var db = await Engine.CreateDbContextAsync();
        return await db.EndpointStates.AsNoTracking().SingleAsync(s => s.WebhookId == webhookId);
    }

    private async Task<List<Delivery>> DeliveriesAsync(Guid webhookId)
    {
        await using var db = await Engine.CreateDbContextAsync();
        return await db.Deliveries.AsNoTracking().Where(d => d.WebhookId == webhookId).ToListAsync();
    }
}
