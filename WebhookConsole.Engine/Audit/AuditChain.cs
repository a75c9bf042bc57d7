using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Persistence;

namespace WebhookConsole.Engine.Audit;

/// <summary>
/// Links new entries into their organization's chain inside the saving transaction: takes the chain's lock, reads its
/// head, gives each entry the next sequence and the previous hash, hashes it and advances the head.
/// </summary>
/// <remarks>
/// Two writers must never read the same head (that would fork the chain). On SQLite the transaction is begun
/// <c>IMMEDIATE</c> (Microsoft.Data.Sqlite's default), so it holds the database's one write lock before the head is read.
/// On PostgreSQL a transaction-scoped advisory lock per organization serializes appends across connections and nodes;
/// it is released at commit or rollback. The unique index on (organization, sequence) refuses a fork either way.
/// </remarks>
internal static class AuditChain
{
    // 'Audt': the advisory lock's first key, so these locks cannot collide with any other use of advisory locks.
    private const int LockSpace = 0x41756474;

    public static List<AuditEntry> Unsealed(DbContext db) =>
        [.. db.ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added && e.Entity.Hash.Length == 0).Select(e => e.Entity)];

    /// <summary>Refuses a change to a stored entry through EF: the log is append-only (only the purge deletes, in bulk).</summary>
    public static void RefuseRewrites(DbContext db)
    {
        if (db.ChangeTracker.Entries<AuditEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("Audit entries are append-only: a stored entry cannot be changed or deleted.");
        }
    }

    /// <summary>Seals <paramref name="entries"/>; call inside the transaction that saves them.</summary>
    public static async Task SealAsync(WebhookDbContext db, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        foreach (var chain in entries.GroupBy(e => e.OrganizationId).OrderBy(g => g.Key))
        {
            var head = await LockHeadAsync(db, chain.Key, cancellationToken);
            foreach (var entry in chain)
            {
                entry.Sequence = ++head.LastSequence;
                entry.PreviousHash = head.LastHash;
                entry.Hash = AuditHash.Compute(entry);
                head.LastHash = entry.Hash;
            }
        }
    }

    /// <summary>Takes the chain's lock and returns its head, tracked (a new one when the chain has none yet).</summary>
    public static async Task<AuditChainHead> LockHeadAsync(WebhookDbContext db, Guid organizationId, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0}, {1})", [LockSpace, LockKey(organizationId)], cancellationToken);
        }

        // A head this context read earlier may be stale (another context may have appended since): read it again.
        if (db.ChangeTracker.Entries<AuditChainHead>().FirstOrDefault(e => e.Entity.OrganizationId == organizationId) is { } tracked)
        {
            tracked.State = EntityState.Detached;
        }

        var head = await db.AuditChains.SingleOrDefaultAsync(h => h.OrganizationId == organizationId, cancellationToken);
        if (head is null)
        {
            head = new AuditChainHead { OrganizationId = organizationId, LastHash = AuditHash.Genesis, AnchorHash = AuditHash.Genesis };
            db.AuditChains.Add(head);
        }

        return head;
    }

    private static int LockKey(Guid organizationId)
    {
        var bytes = organizationId.ToByteArray();
        return BitConverter.ToInt32(bytes, 0) ^ BitConverter.ToInt32(bytes, 4) ^ BitConverter.ToInt32(bytes, 8) ^ BitConverter.ToInt32(bytes, 12);
    }
}
