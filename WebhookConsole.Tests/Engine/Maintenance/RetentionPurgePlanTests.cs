using System.Text.RegularExpressions;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Maintenance;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine.Maintenance;

/// <summary>
/// The retention purge runs every hour over the whole delivery log. Each of its batches must be a range of an index
/// (an organization's rows older than its window), never a walk of the <c>deliveries</c> or <c>events</c> table or of a
/// whole index: these tests ask SQLite (<c>EXPLAIN QUERY PLAN</c>, on the migrated file) how it runs each statement the
/// purge really sent, captured from EF Core's log.
/// </summary>
public sealed class RetentionPurgePlanTests : IAsyncLifetime
{
    private static readonly string[] LogTables = ["deliveries", "events"];

    private readonly ManualTimeProvider time = new();
    private readonly StatementLog statements = new();
    private EngineHost engine = null!;

    public async Task InitializeAsync() =>
        // Batches of two, so an organization with three rows past its window takes more than one batch.
        engine = await EngineHost.StartAsync(time, new Dictionary<string, string?> { ["Maintenance:PurgeBatchSize"] = "2" }, logs: statements);

    public async Task DisposeAsync() => await engine.DisposeAsync();

    [Fact]
    public async Task PurgeAsync_HubWideAndOwnWindows_EveryStatementReadsAnIndexRangeNeverTheLogTables()
    {
        var now = time.GetUtcNow();
        var hubWide = (engine.Organization.Id, (await engine.CreateWebhookAsync("http://127.0.0.1:9/hook")).Webhook.Id);
        var own = await engine.AddOrganizationAsync("own", TimeSpan.FromDays(90), TimeSpan.FromDays(7));
        var other = await engine.AddOrganizationAsync("other");
        foreach (var organization in new[] { hubWide, own, other })
        {
            await AddFinishedAsync(organization, now - TimeSpan.FromDays(100));
            await AddFinishedAsync(organization, now - TimeSpan.FromDays(120));
            await AddFinishedAsync(organization, now - TimeSpan.FromDays(1));
        }

        await AddFinishedAsync(hubWide, now - TimeSpan.FromDays(40));
        await AddFinishedAsync(own, now - TimeSpan.FromDays(40));
        statements.Clear();

        var result = await engine.Services.GetRequiredService<RetentionPurge>().PurgeAsync(CancellationToken.None);

        Assert.Equal((7, 7, 1), (result.Deliveries, result.Events, result.BodiesRemoved));
        var reads = statements.Captured.Where(s => LogTables.Any(t => s.Contains($"\"{t}\"", StringComparison.Ordinal))).ToList();
        Assert.Contains(reads, s => s.StartsWith("SELECT", StringComparison.Ordinal) && s.Contains("FROM \"deliveries\"", StringComparison.Ordinal));
        Assert.Contains(reads, s => s.StartsWith("SELECT", StringComparison.Ordinal) && s.Contains("FROM \"events\"", StringComparison.Ordinal));
        var scans = new List<string>();
        foreach (var read in reads.Distinct())
        {
            var plan = await QueryPlan.OfAsync(engine.DatabasePath, read);
            if (ScannedTables(read, plan).Intersect(LogTables).Any())
            {
                scans.Add($"{read}\n=> {string.Join(" | ", plan)}");
            }
        }

        Assert.True(scans.Count == 0, "Statements of the purge that walk a log table:\n\n" + string.Join("\n\n", scans));
    }

    [Fact]
    public async Task PurgeAsync_EachBatch_ReadsOneOrganizationOldestFirstUpToTheCutoffWithoutSorting()
    {
        var hubWide = (engine.Organization.Id, (await engine.CreateWebhookAsync("http://127.0.0.1:9/hook")).Webhook.Id);
        var own = await engine.AddOrganizationAsync("own", TimeSpan.FromDays(90), TimeSpan.FromDays(7));
        await AddFinishedAsync(hubWide, time.GetUtcNow() - TimeSpan.FromDays(100));
        await AddFinishedAsync(own, time.GetUtcNow() - TimeSpan.FromDays(40));
        statements.Clear();

        await engine.Services.GetRequiredService<RetentionPurge>().PurgeAsync(CancellationToken.None);

        // Read in the order it is deleted (oldest first), so a batch reads its rows and stops: no sort of every old row.
        var batches = statements.Captured.Where(s => s.StartsWith("SELECT", StringComparison.Ordinal) && s.Contains("LIMIT", StringComparison.Ordinal)
            && (s.Contains("FROM \"deliveries\"", StringComparison.Ordinal) || s.Contains("FROM \"events\"", StringComparison.Ordinal))).Distinct().ToList();
        Assert.NotEmpty(batches);
        foreach (var batch in batches)
        {
            var plan = await QueryPlan.OfAsync(engine.DatabasePath, batch);
            Assert.Contains(plan, line => Regex.IsMatch(line, @"USING INDEX IX_(deliveries_OrganizationId_CreatedAt|events_OrganizationId_ReceivedAt) \(OrganizationId=\? AND \w+<\?\)"));
            Assert.DoesNotContain(plan, line => line.Contains("TEMP B-TREE", StringComparison.Ordinal));
        }
    }

    // The tables a plan walks from end to end: "SCAN d" (EF Core's alias for "deliveries") or "SCAN d USING INDEX …",
    // which reads every entry of that index. "SEARCH …" reads a range.
    private static IEnumerable<string> ScannedTables(string sql, IEnumerable<string> plan)
    {
        var tables = Regex.Matches(sql, "\"(\\w+)\" AS \"(\\w+)\"").ToDictionary(m => m.Groups[2].Value, m => m.Groups[1].Value);
        foreach (var line in plan)
        {
            if (Regex.Match(line.Trim(), @"^SCAN (\w+)") is { Success: true } scan)
            {
                yield return tables.GetValueOrDefault(scan.Groups[1].Value, scan.Groups[1].Value);
            }
        }
    }

    private async Task AddFinishedAsync((Guid Organization, Guid Webhook) owner, DateTimeOffset at)
    {
        var stored = await engine.AddEventAsync(at, organizationId: owner.Organization);
        await engine.AddDeliveryAsync(owner.Webhook, stored.Id, DeliveryStatus.Succeeded, at, completedAt: at, attempts: 1);
    }
}
