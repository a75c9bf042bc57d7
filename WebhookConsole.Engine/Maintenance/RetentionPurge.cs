using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WebhookConsole.Engine.Configuration;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Persistence;

namespace WebhookConsole.Engine.Maintenance;

/// <summary>
/// Deletes finished deliveries (succeeded, failed, cancelled) with their attempts, then events no delivery refers
/// to any more, once they are older than their organization's retention (<c>Delivery:Retention</c> unless the
/// organization set its own), and removes the attempts' bodies of older finished deliveries where the organization
/// keeps bodies for less time than rows (<see cref="Privacy.RetentionSettings"/>). Pending and retrying rows are never
/// touched. Idempotency keys go once they are older than <c>Events:IdempotencyWindow</c>, and audit entries once they are
/// older than <c>Audit:Retention</c> (<see cref="Audit.AuditPurge"/>, which keeps each chain verifiable).
/// </summary>
/// <remarks>
/// Works in batches of <c>Maintenance:PurgeBatchSize</c>, one short transaction each, so the dispatchers and the
/// API get the (SQLite: single) write lock between batches even when months of history go at once. Each batch picks
/// its rows inside its own transaction, so a delivery an operator redelivers meanwhile is no longer final and stays.
/// Batches take one organization at a time, oldest first along its <c>(OrganizationId, CreatedAt)</c> or
/// <c>(OrganizationId, ReceivedAt)</c> index, so a batch costs its own rows whatever the size of the log
/// (<c>RetentionPurgePlanTests</c>, docs/performance.md).
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
            + " (or their organization's own retention)"
            + $", the bodies of {result.BodiesRemoved} deliveries' attempts, {result.IdempotencyKeys} idempotency keys, and {auditEntries} audit entries older than Audit:Retention";
    }

    /// <summary>Deletes everything past retention, batch by batch, and says how much went.</summary>
    public async Task<PurgeResult> PurgeAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var retention = deliveryOptions.CurrentValue.Retention;
        var batchSize = maintenanceOptions.CurrentValue.PurgeBatchSize;
        var organizations = await WindowsAsync(cancellationToken);
        int deliveries = 0, attempts = 0, events = 0, bodies = 0, purged;
        // One organization at a time, each with its own window or the hub's: every batch is then a range of
        // (OrganizationId, CreatedAt) or (OrganizationId, ReceivedAt) that ends at the cutoff. "Every organization but
        // those with a window of their own" is no range at all: on SQLite it read the whole table for each batch.
        foreach (var organization in organizations)
        {
            var rowsCutoff = now - (organization.EventRetention ?? retention);
            while (await PurgeDeliveryBatchAsync(organization.Id, rowsCutoff, batchSize, cancellationToken) is { Deliveries: > 0 } batch)
            {
                deliveries += batch.Deliveries;
                attempts += batch.Attempts;
            }

            while ((purged = await PurgeEventBatchAsync(organization.Id, rowsCutoff, batchSize, cancellationToken)) > 0)
            {
                events += purged;
            }
        }

        foreach (var organization in organizations.Where(o => o.BodyRetention is { } b && b < (o.EventRetention ?? retention)))
        {
            while ((purged = await PurgeBodyBatchAsync(organization.Id, now - organization.BodyRetention!.Value, now, batchSize, cancellationToken)) > 0)
            {
                bodies += purged;
            }
        }

        var keysCutoff = time.GetUtcNow() - eventsOptions.CurrentValue.IdempotencyWindow;
        var keys = 0;
        while ((purged = await PurgeKeyBatchAsync(keysCutoff, batchSize, cancellationToken)) > 0)
        {
            keys += purged;
        }

        return new PurgeResult(now - retention, deliveries, attempts, events, keys, bodies);
    }

    /// <summary>An organization's own windows (null: the hub's <c>Delivery:Retention</c>, bodies as long as rows).</summary>
    private sealed record RetentionWindows(Guid Id, TimeSpan? EventRetention, TimeSpan? BodyRetention);

    // Every organization: organizations are never deleted, so each row of the log belongs to one of them.
    private async Task<List<RetentionWindows>> WindowsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        return await db.Organizations.AsNoTracking()
            .Select(o => new RetentionWindows(o.Id, o.EventRetention, o.BodyRetention))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The organization's finished deliveries completed before <paramref name="cutoff"/>, oldest first, read along
    /// <c>(OrganizationId, CreatedAt)</c>: a batch reads its rows and stops, and the last one stops at the cutoff.
    /// </summary>
    /// <remarks>
    /// A delivery is completed after it was created (both stamped by the hub's clock), so <c>CreatedAt &lt; cutoff</c>
    /// leaves out no row whose completion is past the cutoff; it is the range's end. (Two hosts whose clocks disagree by
    /// a few seconds could stamp a completion before its creation: that row goes once its creation is past the cutoff,
    /// by the next run.)
    /// </remarks>
    private static IQueryable<Domain.Delivery> FinishedBefore(IQueryable<Domain.Delivery> rows, Guid organizationId, DateTimeOffset cutoff) =>
        rows.Where(d => d.OrganizationId == organizationId && d.CreatedAt < cutoff
                && (d.Status == DeliveryStatus.Succeeded || d.Status == DeliveryStatus.Failed || d.Status == DeliveryStatus.Cancelled)
                && (d.CompletedAt ?? d.CreatedAt) < cutoff)
            .OrderBy(d => d.CreatedAt);

    private async Task<(int Deliveries, int Attempts)> PurgeDeliveryBatchAsync(Guid organizationId, DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ids = await FinishedBefore(db.Deliveries, organizationId, cutoff)
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

    private async Task<int> PurgeEventBatchAsync(Guid organizationId, DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ids = await db.Events
            .Where(e => e.OrganizationId == organizationId && e.ReceivedAt < cutoff && !db.Deliveries.Any(d => d.EventId == e.Id))
            .OrderBy(e => e.ReceivedAt)
            .Select(e => e.Id)
            .Take(batchSize)
            .ToListAsync(cancellationToken);
        if (ids.Count == 0)
        {
            return 0;
        }

        await db.EventSubjects.Where(s => ids.Contains(s.EventId)).ExecuteDeleteAsync(cancellationToken);
        var events = await db.Events.Where(e => ids.Contains(e.Id)).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return events;
    }

    // The rows stay (status, times, ids); the bodies go, and the delivery says when, for its page.
    private async Task<int> PurgeBodyBatchAsync(Guid organizationId, DateTimeOffset cutoff, DateTimeOffset now, int batchSize, CancellationToken cancellationToken)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ids = await FinishedBefore(db.Deliveries.Where(d => d.BodiesPurgedAt == null && d.ErasedAt == null), organizationId, cutoff)
            .Select(d => d.Id)
            .Take(batchSize)
            .ToListAsync(cancellationToken);
        if (ids.Count == 0)
        {
            return 0;
        }

        await db.Attempts.Where(a => ids.Contains(a.DeliveryId))
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.RequestBody, "").SetProperty(a => a.ResponseBody, (string?)null), cancellationToken);
        var deliveries = await db.Deliveries.Where(d => ids.Contains(d.Id)).ExecuteUpdateAsync(u => u.SetProperty(d => d.BodiesPurgedAt, now), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deliveries;
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

/// <summary>What one retention purge deleted, and the hub's age limit (organizations with their own applied theirs).</summary>
/// <param name="BodiesRemoved">Deliveries whose attempts' bodies were removed (their organization keeps bodies for less time than rows).</param>
public sealed record PurgeResult(DateTimeOffset Cutoff, int Deliveries, int Attempts, int Events, int IdempotencyKeys = 0, int BodiesRemoved = 0);
