using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WebhookConsole.Engine.Configuration;
using WebhookConsole.Engine.Persistence;

namespace WebhookConsole.Engine.Audit;

/// <summary>
/// Deletes audit entries older than <c>Audit:Retention</c>, oldest first and only as a prefix of each chain, and moves
/// the chain's anchor to the last deleted entry (its sequence and hash), so verification still proves the rest unbroken.
/// </summary>
/// <remarks>
/// Batches of <c>Maintenance:PurgeBatchSize</c>, one short transaction each, under the chain's append lock: an append
/// and a purge of one chain never interleave. An entry written later than a younger one (clocks of two nodes) keeps
/// the prefix from going past the younger one: a chain is never cut in the middle.
/// </remarks>
public sealed class AuditPurge(
    IDbContextFactory<WebhookDbContext> dbs,
    IOptionsMonitor<AuditOptions> auditOptions,
    IOptionsMonitor<MaintenanceOptions> maintenanceOptions,
    TimeProvider time)
{
    /// <summary>Purges every chain; returns how many entries went.</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - auditOptions.CurrentValue.Retention;
        var batchSize = maintenanceOptions.CurrentValue.PurgeBatchSize;
        List<Guid> chains;
        await using (var db = await dbs.CreateDbContextAsync(cancellationToken))
        {
            chains = await db.AuditChains.AsNoTracking().Select(h => h.OrganizationId).ToListAsync(cancellationToken);
        }

        var purged = 0;
        foreach (var chain in chains)
        {
            int batch;
            while ((batch = await PurgeBatchAsync(chain, cutoff, batchSize, cancellationToken)) > 0)
            {
                purged += batch;
            }
        }

        return purged;
    }

    private async Task<int> PurgeBatchAsync(Guid organizationId, DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var head = await AuditChain.LockHeadAsync(db, organizationId, cancellationToken);
        var entries = db.AuditEntries.Where(e => e.OrganizationId == organizationId);
        var firstKept = await entries.Where(e => e.OccurredAt >= cutoff).MinAsync(e => (long?)e.Sequence, cancellationToken);
        var last = Math.Min((firstKept ?? head.LastSequence + 1) - 1, head.AnchorSequence + batchSize);
        if (last <= head.AnchorSequence)
        {
            return 0;
        }

        var anchor = await entries.Where(e => e.Sequence == last).Select(e => new { e.Sequence, e.Hash }).SingleOrDefaultAsync(cancellationToken);
        if (anchor is null)
        {
            // The row the anchor would move to is gone (the chain was tampered with): keep the evidence for verify.
            return 0;
        }

        var deleted = await entries.Where(e => e.Sequence <= last).ExecuteDeleteAsync(cancellationToken);
        head.AnchorSequence = anchor.Sequence;
        head.AnchorHash = anchor.Hash;
        head.AnchoredAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }
}
