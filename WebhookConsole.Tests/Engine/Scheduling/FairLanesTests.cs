using WebhookConsole.Engine.Scheduling;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine.Scheduling;

public sealed class FairLanesTests
{
    private static readonly Guid A = Guid.Parse("aaaaaaaa-0000-0000-0000-000000000000");
    private static readonly Guid B = Guid.Parse("bbbbbbbb-0000-0000-0000-000000000000");
    private readonly ManualTimeProvider time = new();

    [Fact]
    public async Task TakeAsync_OneEndpointAlone_UsesEverySenderButTheReserve()
    {
        var lanes = new FairLanes<int>(senders: 32, claimAhead: 4, time);
        lanes.Enqueue(A, cap: null, [.. Enumerable.Range(0, 40)]);

        var taken = await TakeAsync(lanes, 30);

        Assert.Equal(Enumerable.Range(0, 30), taken.Select(t => t.Item));
        // The same waiting sender takes the next endpoint's row: a second one could lose it to the first.
        var next = lanes.TakeAsync();
        Assert.False(next.IsCompleted, "two of 32 senders stay free for whichever endpoint comes next");
        lanes.Enqueue(B, cap: null, [1000]);
        Assert.Equal(B, (await next.WaitAsync(TimeSpan.FromSeconds(10)))!.Value.Endpoint);
    }

    [Fact]
    public async Task TakeAsync_TwoEndpoints_TakeTurnsAndEachKeepsAtMostItsShareInFlight()
    {
        var lanes = new FairLanes<int>(senders: 8, claimAhead: 0, time);
        lanes.Enqueue(A, cap: null, [.. Enumerable.Range(0, 100)]);
        lanes.Enqueue(B, cap: null, [.. Enumerable.Range(1000, 100)]);

        var taken = await TakeAsync(lanes, 8);
        var ninth = lanes.TakeAsync();

        Assert.Equal([A, B, A, B, A, B, A, B], taken.Select(t => t.Endpoint));
        Assert.False(ninth.IsCompleted, "both endpoints hold their share of 4; nothing more goes out");
        lanes.Complete(B);
        Assert.Equal(B, (await ninth.WaitAsync(TimeSpan.FromSeconds(10)))!.Value.Endpoint);
    }

    [Fact]
    public async Task TakeAsync_StalledEndpointHoldsItsShare_TheOtherKeepsFlowing()
    {
        var lanes = new FairLanes<int>(senders: 4, claimAhead: 0, time);
        lanes.Enqueue(A, cap: null, [.. Enumerable.Range(0, 400)]);
        lanes.Enqueue(B, cap: null, [1000]);
        await TakeAsync(lanes, 3);
        lanes.Complete(B);

        // A's two requests never finish; B's keep coming and going.
        var bTaken = new List<int>();
        for (var i = 1; i <= 50; i++)
        {
            lanes.Enqueue(B, cap: null, [1000 + i]);
            var next = (await lanes.TakeAsync().WaitAsync(TimeSpan.FromSeconds(10)))!.Value;
            Assert.Equal(B, next.Endpoint);
            bTaken.Add(next.Item);
            lanes.Complete(B);
        }

        Assert.Equal(Enumerable.Range(1001, 50), bTaken);
    }

    [Fact]
    public async Task TakeAsync_Capped_NeverMoreInFlightThanTheCap()
    {
        var lanes = new FairLanes<int>(senders: 16, claimAhead: 0, time);
        lanes.Enqueue(A, cap: 3, [.. Enumerable.Range(0, 10)]);

        await TakeAsync(lanes, 3);
        var fourth = lanes.TakeAsync();

        Assert.False(fourth.IsCompleted);
        lanes.Complete(A);
        Assert.Equal(3, (await fourth.WaitAsync(TimeSpan.FromSeconds(10)))!.Value.Item);
    }

    [Fact]
    public void Room_ShareOfSendersAndClaimAhead_SplitBetweenActiveEndpointsAndCut()
    {
        var lanes = new FairLanes<int>(senders: 64, claimAhead: 100, time);
        Assert.Equal(160, lanes.Room(A, null));
        Assert.Equal(5, lanes.Room(A, 5));

        lanes.Enqueue(A, cap: null, [.. Enumerable.Range(0, 10)]);

        Assert.Equal(0, lanes.Room(A, null));
        Assert.Equal(82, lanes.Room(B, null));
    }

    [Fact]
    public async Task Reserve_SetsAsideUpToTheLaneLimit_CountsAgainstRoom_AndQueuedRowsTakeIt()
    {
        var lanes = new FairLanes<int>(senders: 64, claimAhead: 100, time);

        Assert.Equal(150, lanes.Reserve(A, null, 150));
        Assert.Equal(10, lanes.Reserve(A, null, 50));
        Assert.Equal(0, lanes.Reserve(A, null, 1));
        Assert.Equal(0, lanes.Room(A, null));

        lanes.Unreserve(A, 60);
        Assert.True(lanes.Enqueue([(A, null, null, (IReadOnlyCollection<int>)[.. Enumerable.Range(0, 100)])], reserved: true));
        Assert.Equal(60, lanes.Reserve(A, null, 100));
        Assert.Equal(0, (await lanes.TakeAsync())!.Value.Item);
    }

    [Fact]
    public void Reserve_CappedEndpoint_NeverMoreThanTheCap()
    {
        var lanes = new FairLanes<int>(senders: 64, claimAhead: 100, time);
        lanes.Enqueue(A, cap: 5, [1, 2]);

        Assert.Equal(3, lanes.Reserve(A, 5, 10));
    }

    [Fact]
    public async Task Enqueue_AfterClose_QueuesAndReservesNothing()
    {
        var lanes = new FairLanes<int>(senders: 4, claimAhead: 10, time);
        lanes.Close();

        Assert.False(lanes.Enqueue(A, cap: null, [1]));
        Assert.Equal(0, lanes.Reserve(A, null, 1));
        Assert.Null(await lanes.TakeAsync());
    }

    [Fact]
    public void Room_ManyActiveEndpoints_EachStillClaimsAFewAhead()
    {
        var lanes = new FairLanes<int>(senders: 64, claimAhead: 100, time);
        for (var i = 0; i < 99; i++)
        {
            lanes.Enqueue(Guid.NewGuid(), cap: null, [i]);
        }

        Assert.Equal(1 + 8, lanes.Room(A, null));
        Assert.Equal(1, lanes.Room(A, 1));
    }

    [Fact]
    public async Task Room_EndpointIdleLongerThanTheActiveWindow_NoLongerCounts()
    {
        var lanes = new FairLanes<int>(senders: 64, claimAhead: 100, time);
        lanes.Enqueue(A, cap: null, [1]);
        var taken = await lanes.TakeAsync();
        lanes.Complete(A);

        Assert.Equal(82, lanes.Room(B, null));
        time.Advance(FairLanes<int>.ActiveWindow);
        Assert.Equal(160, lanes.Room(B, null));
        Assert.NotNull(taken);
    }

    [Fact]
    public async Task TakeAsync_RateLimitedLane_LetsRowsOutAtTheRateAfterABurstOfOneSecondsWorth()
    {
        var lanes = new FairLanes<int>(senders: 16, claimAhead: 0, time);
        lanes.Enqueue(A, cap: null, [.. Enumerable.Range(0, 10)], ratePerSecond: 4);

        var burst = await TakeAsync(lanes, 4);
        var fifth = lanes.TakeAsync();
        var waitedForAToken = fifth.IsCompleted;
        time.Advance(TimeSpan.FromMilliseconds(250));

        Assert.Equal([0, 1, 2, 3], burst.Select(t => t.Item));
        Assert.False(waitedForAToken);
        Assert.Equal(4, (await fifth.WaitAsync(TimeSpan.FromSeconds(10)))!.Value.Item);
        Assert.False(lanes.TakeAsync().IsCompleted);
    }

    [Fact]
    public async Task TakeAsync_Closed_DrainsWhatIsQueuedThenEnds()
    {
        var lanes = new FairLanes<int>(senders: 1, claimAhead: 0, time);
        lanes.Enqueue(A, cap: null, [1, 2]);
        await TakeAsync(lanes, 1);

        lanes.Close();

        Assert.Equal(2, (await lanes.TakeAsync())!.Value.Item);
        Assert.Null(await lanes.TakeAsync());
    }

    private static async Task<List<(Guid Endpoint, int Item)>> TakeAsync(FairLanes<int> lanes, int count)
    {
        var taken = new List<(Guid, int)>();
        for (var i = 0; i < count; i++)
        {
            taken.Add((await lanes.TakeAsync().WaitAsync(TimeSpan.FromSeconds(10)))!.Value);
        }

        return taken;
    }
}
