using Xunit.Abstractions;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Reliability;

/// <summary>
/// Under load, the app process is killed with SIGKILL at random moments and started again, several times: every
/// event the app answered 202 must reach the receiver (a duplicate carries the same ids), and a FIFO webhook's
/// receiver must get every event in the order the hub accepted it, none before the one ahead of it. Once on SQLite,
/// once on PostgreSQL. The figures go to the test output and docs/reliability.md.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CrashTests(PostgresServer postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Kills = 4;
    private readonly string directory = Path.Combine(Path.GetTempPath(), "webhookconsole-crash-" + Guid.NewGuid().ToString("N")[..12]);
    private TestReceiver receiver = null!;
    private TestReceiver fifo = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        receiver = await TestReceiver.StartAsync();
        fifo = await TestReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await receiver.DisposeAsync();
        await fifo.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public Task KillAndRestart_OnSqlite_EveryAcceptedEventArrives() =>
        RunAsync("SQLite", new Dictionary<string, string> { ["ConnectionStrings:WebhookConsole"] = $"Data Source={Path.Combine(directory, "crash.db")}" });

    [Fact]
    public async Task KillAndRestart_OnPostgres_EveryAcceptedEventArrives() =>
        await RunAsync("PostgreSQL", new Dictionary<string, string>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:WebhookConsole"] = await postgres.CreateDatabaseAsync(),
        });

    private async Task RunAsync(string database, Dictionary<string, string> databaseSettings)
    {
        var app = new ReliabilityApp(directory, databaseSettings);
        var random = new Random(20261121);
        var accepted = new System.Collections.Concurrent.ConcurrentBag<string>();
        var attempted = 0;
        string fifoWebhookId;
        await using (var first = await app.StartAsync())
        {
            using var client = app.Client(first);
            await ReliabilityApp.CreateWebhookAsync(client, receiver.Url);
            fifoWebhookId = await ReliabilityApp.CreateWebhookAsync(client, fifo.Url, ordering: "fifo");
        }

        for (var kill = 0; kill < Kills; kill++)
        {
            await using var process = await app.StartAsync();
            using var client = app.Client(process);
            using var load = new CancellationTokenSource();
            var senders = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            {
                while (!load.IsCancellationRequested)
                {
                    Interlocked.Increment(ref attempted);
                    if (await ReliabilityApp.TryPublishAsync(client, CancellationToken.None) is { } id)
                    {
                        accepted.Add(id);
                    }
                }
            })).ToList();

            // The moment of the kill is what varies: somewhere in the first second of load.
            await Task.Delay(random.Next(200, 1000));
            await process.KillAsync();
            await load.CancelAsync();
            await Task.WhenAll(senders);
        }

        await using var last = await app.StartAsync();
        var expected = accepted.ToHashSet();
        var posts = await receiver.NextDistinctPostsAsync(p => p.Headers["webhook-id"], expected, TimeSpan.FromSeconds(120));

        var received = posts.GroupBy(p => p.Headers["webhook-id"]).ToDictionary(g => g.Key, g => g.Count());
        var lost = expected.Count(id => !received.ContainsKey(id));
        var duplicates = posts.Count - received.Count;
        output.WriteLine($"{database}: {Kills} SIGKILLs under load; requests {attempted}, accepted (202) {expected.Count}, " +
            $"delivered {received.Count(r => expected.Contains(r.Key))}, duplicate deliveries {duplicates}, lost {lost}");
        Assert.Equal(0, lost);
        Assert.True(expected.Count > 0, "the load produced accepted events");
        // A duplicate is the same message again: same webhook-id, and the same body.
        Assert.All(posts.GroupBy(p => p.Headers["webhook-id"]).Where(g => g.Count() > 1),
            g => Assert.Single(g.Select(p => p.BodyText).Distinct()));

        // The FIFO line: every event it holds (accepted, or stored just before a kill) arrives in acceptance order.
        var order = await app.AcceptanceOrderAsync(fifoWebhookId);
        var fifoPosts = await fifo.NextDistinctPostsAsync(p => p.Headers["webhook-id"], order.ToHashSet(), TimeSpan.FromSeconds(120));
        var firstArrivals = fifoPosts.Select(p => p.Headers["webhook-id"]).Distinct().ToList();
        output.WriteLine($"{database}: FIFO webhook received {firstArrivals.Count} events in acceptance order, {fifoPosts.Count - firstArrivals.Count} sent again after a kill, at most {fifo.MaxConcurrentPosts} at once");
        Assert.True(expected.IsSubsetOf(order), "every accepted event is in the FIFO line");
        Assert.Equal(order, firstArrivals);
        Assert.Equal(1, fifo.MaxConcurrentPosts);
    }
}
