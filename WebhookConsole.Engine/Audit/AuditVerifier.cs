using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Persistence;

namespace WebhookConsole.Engine.Audit;

/// <summary>
/// The result of walking a chain: ok, how many entries were checked and their sequences, or the first broken entry
/// (its id when the row exists, its sequence) and why.
/// </summary>
public sealed record AuditVerification(bool Ok, long Checked, long FromSequence, long ToSequence, Guid? BrokenEntryId = null, long? BrokenSequence = null, string? Reason = null);

/// <summary>
/// Walks an organization's chain from its anchor (the last purged entry, or the start) to its head: each entry must
/// come next in sequence, carry the previous entry's hash, and hash to what it stores; the last must be the head.
/// </summary>
public sealed class AuditVerifier(IDbContextFactory<WebhookDbContext> dbs)
{
    private const int BatchSize = 1000;

    public async Task<AuditVerification> VerifyAsync(Guid organizationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var head = await db.AuditChains.AsNoTracking().SingleOrDefaultAsync(h => h.OrganizationId == organizationId, cancellationToken);
        var expected = (head?.AnchorSequence ?? 0) + 1;
        var previous = head?.AnchorHash ?? AuditHash.Genesis;
        var from = expected;
        long checkedCount = 0;
        while (true)
        {
            var cursor = expected;
            var batch = await db.AuditEntries.AsNoTracking().Where(e => e.OrganizationId == organizationId && e.Sequence >= cursor)
                .OrderBy(e => e.Sequence).Take(BatchSize).ToListAsync(cancellationToken);
            foreach (var entry in batch)
            {
                if (entry.Sequence != expected)
                {
                    return Broken(entry.Id, expected, $"Entry {expected} is missing: the chain goes from {expected - 1} to {entry.Sequence}.");
                }

                if (entry.PreviousHash != previous)
                {
                    return Broken(entry.Id, entry.Sequence, expected == from && head is { AnchorSequence: > 0 }
                        ? $"Entry {entry.Sequence} does not carry the hash of the anchor (the last purged entry, {head.AnchorSequence})."
                        : $"Entry {entry.Sequence} does not carry the hash of entry {entry.Sequence - 1}: that entry was changed or replaced.");
                }

                if (AuditHash.Compute(entry) != entry.Hash)
                {
                    return Broken(entry.Id, entry.Sequence, $"Entry {entry.Sequence} was changed after it was written: its content no longer matches its hash.");
                }

                previous = entry.Hash;
                expected++;
                checkedCount++;
            }

            if (batch.Count < BatchSize)
            {
                break;
            }
        }

        var last = expected - 1;
        if (head is null && checkedCount > 0)
        {
            return Broken(null, last, "The chain has entries but no head: its head row was deleted.");
        }

        if (head is not null && (head.LastSequence != last || head.LastHash != previous))
        {
            return Broken(null, last + 1, $"The chain ends at entry {last}, but its head says {head.LastSequence}: later entries were deleted.");
        }

        return new AuditVerification(true, checkedCount, from, last);

        AuditVerification Broken(Guid? id, long sequence, string reason) =>
            new(false, checkedCount, from, expected - 1, id, sequence, reason);
    }
}
