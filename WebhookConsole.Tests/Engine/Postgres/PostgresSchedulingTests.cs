using System.Diagnostics;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Tests.Engine.Scheduling;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine.Postgres;

/// <summary>
/// Two engines on one PostgreSQL database, their dispatchers running in the background on the real clock, as two
/// nodes would: an endpoint's cap, rate limit and FIFO line hold across both, as the receiver sees them.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSchedulingTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);
    private readonly List<EngineHost> engines = [];
    private TestReceiver receiver = null!;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:WebhookConsole"] = await postgres.CreateDatabaseAsync(),
            ["DataProtection:MasterKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Delivery:PollInterval"] = "00:00:00.100",
        };
        var first = await EngineHost.StartAsync(settings: settings);
        engines.Add(first);
        engines.Add(await EngineHost.StartAsync(settings: settings, organization: first.Organization));
        receiver = await TestReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var engine in engines)
        {
            await engine.Dispatcher.StopAsync(CancellationToken.None);
            await engine.DisposeAsync();
        }

        await receiver.DisposeAsync();
    }

    [Fact]
    public async Task Fifo_TwoNodes_OneAtATimeInAcceptanceOrder()
    {
        await Endpoints.CreateAsync(engines[0], receiver.Url, ordering: DeliveryOrdering.Fifo);
        var accepted = await Endpoints.PublishAsync(engines[0], 60);

        await StartDispatchersAsync();
        await receiver.NextDistinctPostsAsync(Endpoints.EventIdOf, accepted.ToHashSet(), Bound);

        Assert.Equal(accepted, receiver.PostsInOrder.Select(Endpoints.EventIdOf));
        Assert.Equal(1, receiver.MaxConcurrentPosts);
    }

    [Fact]
    public async Task Cap_TwoNodes_ReceiverNeverSeesMoreThanTheCapAtOnce()
    {
        receiver.PostDelay = TimeSpan.FromMilliseconds(40);
        await Endpoints.CreateAsync(engines[0], receiver.Url, maxInFlight: 3);
        var accepted = await Endpoints.PublishAsync(engines[0], 60);

        await StartDispatchersAsync();
        await receiver.NextDistinctPostsAsync(Endpoints.EventIdOf, accepted.ToHashSet(), Bound);

        Assert.Equal(3, receiver.MaxConcurrentPosts);
    }

    [Fact]
    public async Task RateLimit_TwoNodes_OneBucketForBoth()
    {
        const int Rate = 20;
        await Endpoints.CreateAsync(engines[0], receiver.Url, ratePerSecond: Rate);
        var accepted = await Endpoints.PublishAsync(engines[0], 80);

        var start = Stopwatch.GetTimestamp();
        await StartDispatchersAsync();
        await receiver.NextDistinctPostsAsync(Endpoints.EventIdOf, accepted.ToHashSet(), Bound);

        // One bucket of one second's worth for both nodes: within T seconds at most Rate x (T + 1), allowing 10%.
        var arrivals = receiver.SecondsFrom(start);
        for (var i = 0; i < arrivals.Count; i++)
        {
            Assert.True(i + 1 <= Rate * (arrivals[i] + 1) * 1.1, $"{i + 1} requests within {arrivals[i]:F2} s of the start");
        }
    }

    private async Task StartDispatchersAsync()
    {
        foreach (var engine in engines)
        {
            await engine.Dispatcher.StartAsync(CancellationToken.None);
        }
    }
}
