using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WebhookConsole.Engine.Configuration;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Persistence;

namespace WebhookConsole.Engine.Maintenance;

/// <summary>
/// Deletes finished deliveries (succeeded, failed, cancelled) with their attempts, then events no delivery refers
/// to any more, once they are older than <c>Delivery:Retention</c>. Pending and retrying rows are never touched.
/// Idempotency keys go once they are older than <c>Events:IdempotencyWindow</c>, and audit entries once they are older
/// than <c>Audit:Retention</c> (<see cref="Audit.AuditPurge"/>, which keeps each chain verifiable).
/// </summary>
/// <remarks>
/// Works in batches of <c>Maintenance:PurgeBatchSize</c>, one short transaction each, so the dispatchers and the
/// API get the (SQLite: single) write lock between batches even when months of history go at once. Each batch picks
/// its rows inside its own transaction, so a delivery an operator redelivers meanwhile is no longer final and stays.
/// </remarks>
public sealed class RetentionPurge(
    IDbContextFactory<WebhookDbContext> dbs,
    IOptionsMonitor<DeliveryOptions> deliveryOptions,
    IOptionsMonitor<MaintenanceOptions> maintenanceOptions,
    IOptionsMonitor<EventsOptions> eventsOptions,
    Audit.AuditPurge auditPurge,
    TimeProvider time) : IMaintenanceTask
{
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var result = await PurgeAsync(cancellationToken);
        var auditEntries = await auditPurge.PurgeAsync(cancellationToken);
        return $"purged {result.Deliveries} deliveries, {result.Attempts} attempts and {result.Events} events older than {result.Cutoff.UtcDateTime:yyyy-MM-dd HH:mm} UTC"
            + $", and {result.IdempotencyKeys} idempotency keys, and {auditEntries} audit entries older than Audit:Retention";
    }

    /// <summary>Deletes everything past retention, batch by batch, and says how much went.</summary>
    public async Task<PurgeResult> PurgeAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - deliveryOptions.CurrentValue.Retention;
        var batchSize = maintenanceOptions.CurrentValue.PurgeBatchSize;
        int deliveries = 0, attempts = 0, events = 0;
        while (await PurgeDeliveryBatchAsync(cutoff, batchSize, cancellationToken) is { Deliveries: > 0 } batch)
        {
            deliveries += batch.Deliveries;
            attempts += batch.Attempts;
        }

        int purged;
        while ((purged = await PurgeEventBatchAsync(cutoff, batchSize, cancellationToken)) > 0)
        {
            events += purged;
        }

        var keysCutoff = time.GetUtcNow() - eventsOptions.CurrentValue.IdempotencyWindow;
        var keys = 0;
        while ((purged = await PurgeKeyBatchAsync(keysCutoff, batchSize, cancellationToken)) > 0)
        {
            keys += purged;
        }

        return new PurgeResult(cutoff, deliveries, attempts, events, keys);
    }

    private async Task<(int Deliveries, int Attempts)> PurgeDeliveryBatchAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ids = await db.Deliveries
            .Where(d => (d.Status == DeliveryStatus.Succeeded || d.Status == DeliveryStatus.Failed || d.Status == DeliveryStatus.Cancelled)
                && (d.CompletedAt ?? d.CreatedAt) < cutoff)
            .OrderBy(d => d.CreatedAt)
            .Select(d => d.Id)
            .Take(batchSize)
            .ToListAsync(cancellationToken);
        if (ids.Count == 0)
        {
            return (0, 0);
        }

        var attempts = await db.Attempts.Where(a => ids.Contains(a.DeliveryId)).ExecuteDeleteAsync(cancellationToken);
        var deliveries = await db.Deliveries.Where(d => ids.Contains(d.Id)).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (deliveries, attempts);
    }

    private async Task<int> PurgeEventBatchAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ids = await db.Events
            .Where(e => e.ReceivedAt < cutoff && !db.Deliveries.Any(d => d.EventId == e.Id))
            .OrderBy(e => e.ReceivedAt)
            .Select(e => e.Id)
            .Take(batchSize)
            .ToListAsync(cancellationToken);
        if (ids.Count == 0)
        {
            return 0;
        }

        var events = await db.Events.Where(e => ids.Contains(e.Id)).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return events;
    }

    // Keys past the window no longer deduplicate (QueueStore takes such a key over), so they only take up room. One
    // statement per batch: the age is checked where the rows are deleted, so a key taken over meanwhile stays.
    private async Task<int> PurgeKeyBatchAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        return await db.IdempotencyKeys.Where(k => k.CreatedAt < cutoff).OrderBy(k => k.CreatedAt).Take(batchSize)
            .ExecuteDeleteAsync(cancellationToken);
    }
}

/// <summary>What one retention purge deleted, and the age limit it applied.</summary>
public sealed record PurgeResult(DateTimeOffset Cutoff, int Deliveries, int Attempts, int Events, int IdempotencyKeys = 0);
