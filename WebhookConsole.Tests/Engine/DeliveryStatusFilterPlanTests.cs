using System.Text.RegularExpressions;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine;

/// <summary>
/// The delivery log's status filter reads one of two partial indexes: the settled rows (retrying or finished) by status,
/// and the rows not sent yet or being sent by organization alone, so that claiming a delivery changes neither. SQLite
/// uses a partial index only for a statement that names the status as a literal; these tests ask SQLite itself
/// (<c>EXPLAIN QUERY PLAN</c>, on the migrated file) how it runs the statement the log really sent for each status,
/// and check what the filter answered.
/// </summary>
public sealed class DeliveryStatusFilterPlanTests : IAsyncLifetime
{
    private readonly ManualTimeProvider time = new();
    private readonly StatementLog statements = new();
    private EngineHost engine = null!;

    public async Task InitializeAsync() => engine = await EngineHost.StartAsync(time, logs: statements);

    public async Task DisposeAsync() => await engine.DisposeAsync();

    public static TheoryData<DeliveryStatus, string> Statuses => new()
    {
        { DeliveryStatus.Pending, "IX_deliveries_Unsettled" },
        { DeliveryStatus.InFlight, "IX_deliveries_Unsettled" },
        { DeliveryStatus.Retrying, "IX_deliveries_OrganizationId_Status_CreatedAt_Id" },
        { DeliveryStatus.Succeeded, "IX_deliveries_OrganizationId_Status_CreatedAt_Id" },
        { DeliveryStatus.Failed, "IX_deliveries_OrganizationId_Status_CreatedAt_Id" },
        { DeliveryStatus.Cancelled, "IX_deliveries_OrganizationId_Status_CreatedAt_Id" },
    };

    [Theory]
    [MemberData(nameof(Statuses))]
    public async Task StatusFilter_ReturnsThatStatusOnly_ReadingARangeOfItsPartialIndex(DeliveryStatus status, string index)
    {
        var webhook = (await engine.CreateWebhookAsync("http://127.0.0.1:9/hook")).Webhook.Id;
        var @event = await engine.AddEventAsync(time.GetUtcNow());
        var rows = new Dictionary<DeliveryStatus, Guid>();
        foreach (var each in Enum.GetValues<DeliveryStatus>())
        {
            rows[each] = (await engine.AddDeliveryAsync(webhook, @event.Id, each, @event.ReceivedAt)).Id;
        }

        statements.Clear();

        var page = await engine.Services.GetRequiredService<DeliveryLog>().ListPageAsync(engine.Organization.Id, new DeliveryFilter(Status: status), null, 50);

        Assert.Equal(rows[status], Assert.Single(page.Items).Id);
        var read = Assert.Single(statements.Captured, s => s.Contains("FROM \"deliveries\"", StringComparison.Ordinal));
        Assert.Contains($"\"Status\" = '{status}'", read, StringComparison.Ordinal);
        var plan = await QueryPlan.OfAsync(engine.DatabasePath, read);
        Assert.Contains(plan, line => Regex.IsMatch(line, $@"USING (COVERING )?INDEX {index}\b"));
        Assert.DoesNotContain(plan, QueryPlan.IsFullScanOfDeliveries);
    }

    [Fact]
    public async Task CountByStatus_LeavesSyncHookCallsOut_ReadingIndexRangesNeverARowsEvent()
    {
        var webhook = (await engine.CreateWebhookAsync("http://127.0.0.1:9/hook")).Webhook.Id;
        var @event = await engine.AddEventAsync(time.GetUtcNow());
        var hookCall = await engine.AddEventAsync(time.GetUtcNow(), WebhookConsole.Engine.Catalog.TriggerType.SyncHook);
        foreach (var status in Enum.GetValues<DeliveryStatus>())
        {
            await engine.AddDeliveryAsync(webhook, @event.Id, status, @event.ReceivedAt);
        }

        await engine.AddDeliveryAsync(webhook, @event.Id, DeliveryStatus.Failed, @event.ReceivedAt);
        await engine.AddDeliveryAsync(webhook, hookCall.Id, DeliveryStatus.Succeeded, hookCall.ReceivedAt);
        await engine.AddDeliveryAsync(webhook, hookCall.Id, DeliveryStatus.Failed, hookCall.ReceivedAt);
        statements.Clear();

        var counts = await engine.Services.GetRequiredService<DeliveryLog>().CountByStatusAsync(engine.Organization.Id);

        var expected = Enum.GetValues<DeliveryStatus>().ToDictionary(s => s, s => s == DeliveryStatus.Failed ? 2 : 1);
        Assert.Equal(expected, counts);
        var reads = statements.Captured.Where(s => s.Contains("FROM \"deliveries\"", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(reads);
        foreach (var read in reads)
        {
            Assert.DoesNotContain("\"events\"", read, StringComparison.Ordinal);
            var plan = await QueryPlan.OfAsync(engine.DatabasePath, read);
            Assert.Contains(plan, line => line.Contains("USING", StringComparison.Ordinal) && line.Contains("INDEX", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, QueryPlan.IsFullScanOfDeliveries);
        }
    }
}

