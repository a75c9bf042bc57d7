using System.Diagnostics;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Bench;

/// <summary>
/// (g) The engine on PostgreSQL: a throwaway cluster on loopback with PostgreSQL's default settings (fsync and
/// synchronous commit on, as an operator runs it), the closed loop of (b) through one node, then through two nodes
/// on the same database (two engine hosts in this process, each with its own dispatcher and 64 senders, the
/// publishers split between them). The cluster's own processes share the machine's two cores.
/// </summary>
public static class PostgresBenchmark
{
    public sealed record Result(double OneNode, double TwoNodes);

    public static bool Available => Directory.Exists("/usr/lib/postgresql");

    /// <param name="settings">PostgreSQL settings for the cluster (<c>--pg synchronous_commit=off</c>), none by default.</param>
    public static async Task<Result> RunAsync(BenchReceiver receiver, int concurrency, TimeSpan duration, string eventName, string[] settings)
    {
        var cluster = new PostgresCluster();
        await cluster.StartAsync(settings);
        try
        {
            var database = await cluster.CreateDatabaseAsync();
            await using var first = await EngineBench.StartAsync(concurrency, database);
            await first.AddWebhookAsync(receiver.BaseUrl + "/postgres", eventName);
            await first.WarmUpAsync(receiver, eventName);
            var oneNode = await ClosedLoopAsync(receiver, duration, eventName, (first, concurrency));

            await using var second = await EngineBench.StartAsync(concurrency, database, first.OrganizationId);
            await second.WarmUpAsync(receiver, eventName);
            var twoNodes = await ClosedLoopAsync(receiver, duration, eventName, (first, concurrency / 2), (second, concurrency / 2));
            return new Result(oneNode, twoNodes);
        }
        finally
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await cluster.StopAsync();
        }
    }

    private static async Task<double> ClosedLoopAsync(BenchReceiver receiver, TimeSpan duration, string eventName, params (EngineBench Node, int Publishers)[] nodes)
    {
        receiver.Reset();
        var start = Stopwatch.GetTimestamp();
        var accepted = await Task.WhenAll(nodes.Select(n => n.Node.PublishClosedLoopAsync(n.Publishers, duration, eventName)));
        await receiver.WaitForAsync(accepted.Sum(), TimeSpan.FromMinutes(5));
        return receiver.Count / Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}
