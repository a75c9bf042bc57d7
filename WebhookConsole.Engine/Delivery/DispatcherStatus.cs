using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WebhookConsole.Engine.Configuration;
using WebhookConsole.Engine.Diagnostics;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Persistence;

namespace WebhookConsole.Engine.Delivery;

/// <summary>
/// The dispatchers at work, for the jobs page: every process that holds leased deliveries of the organization right
/// now (several on PostgreSQL), and this process's own dispatcher with its workers and heartbeat.
/// </summary>
public sealed class DispatcherStatus(
    IDbContextFactory<WebhookDbContext> dbs, DeliveryDispatcher dispatcher, WorkerHeartbeat heartbeat, IOptionsMonitor<DeliveryOptions> options)
{
    public async Task<IReadOnlyList<DispatcherNode>> ListAsync(Guid organizationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var claimed = await db.Deliveries.AsNoTracking()
            .Where(d => d.OrganizationId == organizationId && d.Status == DeliveryStatus.InFlight && d.LeaseOwner != null)
            .GroupBy(d => d.LeaseOwner!).Select(g => new { Owner = g.Key, Rows = g.Count() })
            .ToDictionaryAsync(g => g.Owner, g => g.Rows, cancellationToken);
        var self = new DispatcherNode(dispatcher.Owner, claimed.GetValueOrDefault(dispatcher.Owner), IsThisProcess: true,
            WebhookHttpClient.NodeTag, options.CurrentValue.MaxParallelism, heartbeat.LastBeat(WorkerHeartbeat.DeliveryDispatcher));
        return [self, .. claimed.Where(c => c.Key != dispatcher.Owner).OrderBy(c => c.Key)
            .Select(c => new DispatcherNode(c.Key, c.Value, IsThisProcess: false, null, null, null))];
    }
}

/// <summary>
/// One dispatcher: its lease owner (<c>machine/process/instance</c>) and the rows it holds; for this process also
/// its node tag (as receivers see it in <c>User-Agent</c>), its number of senders and its last heartbeat.
/// </summary>
public sealed record DispatcherNode(string Owner, int ClaimedRows, bool IsThisProcess, string? NodeTag, int? Workers, DateTimeOffset? LastBeat);
