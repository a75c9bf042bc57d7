using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Engine.Persistence;

namespace WebhookConsole.Engine.Maintenance;

/// <summary>
/// Returns in-flight deliveries whose lease ran out (the dispatcher that claimed them died or hung) to the queue,
/// due now: pending when never attempted, retrying otherwise. A claim would take such rows anyway; the reaper
/// makes the log say what is true and wakes the dispatchers instead of waiting for the next claim.
/// </summary>
public sealed class ExpiredLeaseReaper(IDbContextFactory<WebhookDbContext> dbs, DispatchSignal signal, TimeProvider time) : IMaintenanceTask
{
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var returned = await ReapAsync(cancellationToken);
        return $"returned {returned} deliveries with expired leases to the queue";
    }

    /// <summary>Releases every expired lease and returns how many deliveries went back to the queue.</summary>
    public async Task<int> ReapAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var returned = await db.Deliveries
            .Where(d => d.Status == DeliveryStatus.InFlight && d.LeaseExpiresAt <= now)
            .ExecuteUpdateAsync(setters => setters
                .SetProperty(d => d.Status, d => d.AttemptCount == 0 ? DeliveryStatus.Pending : DeliveryStatus.Retrying)
                .SetProperty(d => d.NextAttemptAt, now)
                .SetProperty(d => d.LeaseOwner, (string?)null)
                .SetProperty(d => d.LeaseExpiresAt, (DateTimeOffset?)null), cancellationToken);
        if (returned > 0)
        {
            signal.Notify();
        }

        return returned;
    }
}
