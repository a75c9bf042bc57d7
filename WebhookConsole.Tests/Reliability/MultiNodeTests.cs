using Xunit.Abstractions;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Reliability;

/// <summary>
/// Two app processes on one PostgreSQL database share the work: 10,000 events to three webhooks, published through
/// both nodes; every (event, webhook) pair arrives exactly once, and each node sends part of them (the receiver's
/// ledger tells the nodes apart by the User-Agent's node tag).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MultiNodeTests(PostgresServer postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Events = 10_000;
    private const int Webhooks = 3;
    private readonly string directory = Path.Combine(Path.GetTempPath(), "webhookconsole-nodes-" + Guid.NewGuid().ToString("N")[..12]);
    private TestReceiver receiver = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        receiver = await TestReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await receiver.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task TwoNodes_OnOnePostgresDatabase_DeliverEveryPairExactlyOnceAndSplitTheWork()
    {
        var app = new ReliabilityApp(directory, new Dictionary<string, string>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:WebhookConsole"] = await postgres.CreateDatabaseAsync(),
        });
        await using var first = await app.StartAsync();
        await using var second = await app.StartAsync();
        using var firstClient = app.Client(first);
        using var secondClient = app.Client(second);
        for (var i = 0; i < Webhooks; i++)
        {
            await ReliabilityApp.CreateWebhookAsync(firstClient, $"{receiver.Url}/w{i}");
        }

        var accepted = new System.Collections.Concurrent.ConcurrentBag<string>();
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(sender => Task.Run(async () =>
        {
            var client = sender % 2 == 0 ? firstClient : secondClient;
            while (Interlocked.Increment(ref next) <= Events)
            {
                accepted.Add(await ReliabilityApp.TryPublishAsync(client, CancellationToken.None)
                    ?? throw new InvalidOperationException("A healthy node refused an event."));
            }
        })));

        var expected = accepted.SelectMany(id => Enumerable.Range(0, Webhooks).Select(w => $"/hook/w{w} {id}")).ToHashSet();
        var posts = await receiver.NextDistinctPostsAsync(Key, expected, TimeSpan.FromMinutes(4));

        var byPair = posts.GroupBy(Key).ToList();
        var byNode = posts.GroupBy(p => p.Headers["User-Agent"]).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"PostgreSQL, 2 nodes: {Events} events x {Webhooks} webhooks accepted; {byPair.Count} pairs delivered, " +
            $"{posts.Count - byPair.Count} sent twice; per node: {string.Join(", ", byNode.Select(n => $"{n.Key} {n.Value}"))}");
        Assert.Equal(Events, accepted.Count);
        Assert.Equal(expected.Count, byPair.Count);
        Assert.All(byPair, pair => Assert.Single(pair));
        Assert.Equal(2, byNode.Count);
        Assert.All(byNode.Values, sent => Assert.True(sent > 0));
    }

    private static string Key(ReceivedRequest post) => $"{post.PathAndQuery} {post.Headers["webhook-id"]}";
}
