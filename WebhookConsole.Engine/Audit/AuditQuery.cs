using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Persistence;

namespace WebhookConsole.Engine.Audit;

/// <summary>
/// What the log is searched by: an actor (part of its name, or its id), an action (exact, or a prefix ending in a dot
/// such as <c>webhook.</c>), a target (its id, or part of its name), and a time range (from inclusive, to exclusive).
/// </summary>
public sealed record AuditFilter(string? Actor = null, string? Action = null, string? Target = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>One page of entries, newest first, and the cursor of the next (older) page, if any.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, long? NextCursor);

/// <summary>Reads one organization's audit log: pages newest first by keyset on the chain's sequence, and the export.</summary>
public sealed class AuditQuery(IDbContextFactory<WebhookDbContext> dbs)
{
    public const int MaxLimit = 500;

    /// <param name="before">The cursor of the previous page: entries with a lower sequence (older) only.</param>
    public async Task<AuditPage> ListAsync(Guid organizationId, AuditFilter filter, long? before, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var query = Filtered(db, organizationId, filter);
        if (before is { } cursor)
        {
            query = query.Where(e => e.Sequence < cursor);
        }

        var rows = await query.OrderByDescending(e => e.Sequence).Take(limit + 1).ToListAsync(cancellationToken);
        return rows.Count > limit ? new AuditPage(rows[..limit], rows[limit - 1].Sequence) : new AuditPage(rows, null);
    }

    /// <summary>Every entry the filter keeps, newest first, read a page at a time (for the JSON lines export).</summary>
    public async IAsyncEnumerable<AuditEntry> ExportAsync(Guid organizationId, AuditFilter filter,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long? cursor = null;
        do
        {
            var page = await ListAsync(organizationId, filter, cursor, MaxLimit, cancellationToken);
            foreach (var entry in page.Items)
            {
                yield return entry;
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }

    private static IQueryable<AuditEntry> Filtered(WebhookDbContext db, Guid organizationId, AuditFilter filter)
    {
        var query = db.AuditEntries.AsNoTracking().Where(e => e.OrganizationId == organizationId);
        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            var actor = filter.Actor.Trim();
            query = query.Where(e => e.ActorId == actor || e.ActorName.Contains(actor));
        }

        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            var action = filter.Action.Trim();
            query = action.EndsWith('.') ? query.Where(e => e.Action.StartsWith(action)) : query.Where(e => e.Action == action);
        }

        if (!string.IsNullOrWhiteSpace(filter.Target))
        {
            var target = filter.Target.Trim();
            query = query.Where(e => e.TargetId == target || (e.TargetName != null && e.TargetName.Contains(target)));
        }

        if (filter.From is { } from)
        {
            query = query.Where(e => e.OccurredAt >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(e => e.OccurredAt < to);
        }

        return query;
    }
}
