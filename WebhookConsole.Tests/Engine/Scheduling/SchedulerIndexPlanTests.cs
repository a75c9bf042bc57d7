using WebhookConsole.Engine.Diagnostics;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Scheduling;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine.Scheduling;

/// <summary>
/// The scheduler's index holds open deliveries only (a partial index). SQLite uses it only for a statement that names
/// one open status as a literal; any other read of open rows would walk the whole delivery log, which holds every
/// delivery ever sent. These tests ask SQLite itself (<c>EXPLAIN QUERY PLAN</c>, on the migrated file) how it runs
/// the statements the engine and the console really send, captured from EF Core's log or taken from the scheduler.
/// </summary>
public sealed class SchedulerIndexPlanTests : IAsyncLifetime
{
    private const string SchedulerIndex = "IX_deliveries_Status_WebhookId_NextAttemptAt_Sequence";

    private readonly ManualTimeProvider time = new();
    private readonly StatementLog statements = new();
    private EngineHost engine = null!;

    public async Task InitializeAsync() => engine = await EngineHost.StartAsync(time, logs: statements);

    public async Task DisposeAsync() => await engine.DisposeAsync();

    private static readonly Dictionary<string, string> Claim = new()
    {
        [nameof(ClaimSql.ReturnExpired)] = ClaimSql.ReturnExpired,
        [nameof(ClaimSql.Discover)] = ClaimSql.Discover,
        [nameof(ClaimSql.CountInFlight)] = ClaimSql.CountInFlight,
        [nameof(ClaimSql.ClaimHead)] = ClaimSql.ClaimHead,
        [nameof(ClaimSql.ShiftRetryWindows)] = ClaimSql.ShiftRetryWindows,
        [nameof(ClaimSql.ClaimDue)] = ClaimSql.Sqlite.ClaimDue,
    };

    public static TheoryData<string> ClaimStatements => [.. Claim.Keys];

    [Theory]
    [MemberData(nameof(ClaimStatements))]
    public async Task ClaimStatement_ReadsOpenRowsThroughTheSchedulerIndexOnly(string name)
    {
        var plan = await PlanAsync(Claim[name]);

        Assert.Contains(plan, line => line.Contains(SchedulerIndex, StringComparison.Ordinal));
        Assert.DoesNotContain(plan, QueryPlan.IsFullScanOfDeliveries);
    }

    [Fact]
    public async Task OpenRowReads_OfTheConsoleAndTheEngine_UseTheSchedulerIndexAndNeverScanTheLog()
    {
        var fifo = (await engine.CreateWebhookAsync("http://127.0.0.1:9/fifo")).Webhook.Id;
        Assert.True((await engine.Webhooks.UpdateAsync(engine.Organization.Id, fifo, new() { Ordering = DeliveryOrdering.Fifo })).Succeeded);
        var @event = await engine.AddEventAsync(time.GetUtcNow());
        var queued = await engine.AddDeliveryAsync(fifo, @event.Id, DeliveryStatus.Pending, @event.ReceivedAt);
        await engine.AddDeliveryAsync(fifo, @event.Id, DeliveryStatus.Retrying, @event.ReceivedAt);
        await engine.AddDeliveryAsync(fifo, @event.Id, DeliveryStatus.InFlight, @event.ReceivedAt);
        await engine.AddDeliveryAsync(fifo, @event.Id, DeliveryStatus.Succeeded, @event.ReceivedAt);
        statements.Clear();

        // The Jobs page's backlog, a queued delivery's "why is it waiting" line, the queue-depth gauge, "cancel pending".
        var backlog = await engine.Services.GetRequiredService<EndpointBacklog>().BusiestAsync(engine.Organization.Id);
        await engine.Services.GetRequiredService<DeliveryWaitReason>().ExplainAsync(queued);
        await engine.Services.GetRequiredService<DeliveryMetrics>().RefreshQueueDepthAsync();
        var cancelled = await engine.Services.GetRequiredService<WebhookConsole.Engine.Delivery.DeliveryControl>().CancelPendingAsync(engine.Organization.Id, fifo);

        // What they answered: the same rows as before the index held open rows only.
        var row = Assert.Single(backlog);
        Assert.Equal((2, 1), (row.Due, row.InFlight));
        Assert.Equal(2, cancelled.Value);
        var reads = statements.Captured.Where(s => s.Contains("\"Status\" = 'Pending'", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, reads.Count);
        foreach (var read in reads)
        {
            var plan = await PlanAsync(read);
            Assert.Contains(plan, line => line.Contains(SchedulerIndex, StringComparison.Ordinal));
            Assert.DoesNotContain(plan, QueryPlan.IsFullScanOfDeliveries);
        }
    }

    [Fact]
    public async Task FailedCountsOfTheOrganizationList_ReadAnIndexNotTheLogTable()
    {
        var webhook = (await engine.CreateWebhookAsync("http://127.0.0.1:9/done")).Webhook.Id;
        var @event = await engine.AddEventAsync(time.GetUtcNow());
        await engine.AddDeliveryAsync(webhook, @event.Id, DeliveryStatus.Failed, @event.ReceivedAt);
        statements.Clear();

        var organizations = await engine.Services.GetRequiredService<WebhookConsole.Engine.Organizations.OrganizationService>().ListAsync();

        Assert.Equal(1, Assert.Single(organizations).FailedDeliveries);
        var read = Assert.Single(statements.Captured, s => s.Contains("FROM \"deliveries\"", StringComparison.Ordinal));
        var plan = await PlanAsync(read);
        Assert.Contains(plan, line => line.Contains("IX_deliveries_OrganizationId_Status_CreatedAt_Id", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, QueryPlan.IsFullScanOfDeliveries);
    }

    private Task<IReadOnlyList<string>> PlanAsync(string sql) => QueryPlan.OfAsync(engine.DatabasePath, sql);
}
