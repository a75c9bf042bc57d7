using System.Diagnostics;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine.Scheduling;

/// <summary>
/// The dispatcher running in the background, as in the app, on the real clock, against real loopback receivers:
/// what a receiver observes of isolation, caps and rate limits.
/// </summary>
public sealed class LiveSchedulingTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private EngineHost engine = null!;
    private TestReceiver stalled = null!;
    private TestReceiver healthy = null!;

    public async Task InitializeAsync()
    {
        engine = await EngineHost.StartAsync(settings: new Dictionary<string, string?> { ["Delivery:MaxParallelism"] = "8", ["Delivery:BatchSize"] = "20" });
        stalled = await TestReceiver.StartAsync();
        healthy = await TestReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        release.TrySetResult();
        await engine.Dispatcher.StopAsync(CancellationToken.None);
        await stalled.DisposeAsync();
        await healthy.DisposeAsync();
        await engine.DisposeAsync();
    }

    [Fact]
    public async Task Dispatcher_OneEndpointStalledWithABacklog_TheOtherStillGetsEveryDelivery()
    {
        // The stalled receiver holds every request open until the test ends: a customer's server in trouble.
        stalled.HoldPosts = () => release.Task;
        await Endpoints.CreateAsync(engine, stalled.Url + "/stalled");
        await Endpoints.CreateAsync(engine, healthy.Url + "/healthy");
        var accepted = await Endpoints.PublishAsync(engine, 100);

        await engine.Dispatcher.StartAsync(CancellationToken.None);
        var received = await healthy.NextDistinctPostsAsync(Endpoints.EventIdOf, accepted.ToHashSet(), Bound);

        Assert.Equal(100, received.Select(Endpoints.EventIdOf).Distinct().Count());
        Assert.InRange(stalled.ConcurrentPosts, 1, 4);
        Assert.InRange(stalled.MaxConcurrentPosts, 1, 8);
    }

    [Fact]
    public async Task Dispatcher_CappedEndpoint_ReceiverNeverSeesMoreThanTheCapAtOnce()
    {
        // Each request takes a while, so the 30 due deliveries press against the cap of 3 the whole time.
        healthy.PostDelay = TimeSpan.FromMilliseconds(40);
        await Endpoints.CreateAsync(engine, healthy.Url, maxInFlight: 3);
        var accepted = await Endpoints.PublishAsync(engine, 30);

        await engine.Dispatcher.StartAsync(CancellationToken.None);
        await healthy.NextDistinctPostsAsync(Endpoints.EventIdOf, accepted.ToHashSet(), Bound);

        Assert.Equal(3, healthy.MaxConcurrentPosts);
    }

    [Fact]
    public async Task Dispatcher_RateLimitedEndpoint_ReceiverSeesAtMostTheRate()
    {
        const int Rate = 20;
        await Endpoints.CreateAsync(engine, healthy.Url, ratePerSecond: Rate);
        var accepted = await Endpoints.PublishAsync(engine, 70);

        var start = Stopwatch.GetTimestamp();
        await engine.Dispatcher.StartAsync(CancellationToken.None);
        await healthy.NextDistinctPostsAsync(Endpoints.EventIdOf, accepted.ToHashSet(), Bound);

        // A bucket of one second's worth: within T seconds of the start at most Rate x (T + 1) requests, and in any
        // one second at most two seconds' worth (10% allowed for the loopback's own jitter in when requests land).
        var arrivals = healthy.SecondsFrom(start);
        for (var i = 0; i < arrivals.Count; i++)
        {
            Assert.True(i + 1 <= Rate * (arrivals[i] + 1), $"{i + 1} requests within {arrivals[i]:F2} s of the start");
            var inOneSecond = arrivals.Skip(i).TakeWhile(a => a - arrivals[i] < 1.0).Count();
            Assert.True(inOneSecond <= 2 * Rate * 1.1, $"{inOneSecond} requests within one second from request {i}");
        }

        Assert.True(arrivals[^1] >= (70.0 - Rate) / Rate, $"70 requests at {Rate}/s took only {arrivals[^1]:F2} s");
    }
}
