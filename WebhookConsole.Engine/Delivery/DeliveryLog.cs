using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Engine.Signing;

namespace WebhookConsole.Engine.Delivery;

/// <summary>Read side of the deliveries table: the log the console and the API show.</summary>
public sealed class DeliveryLog(IDbContextFactory<WebhookDbContext> dbs)
{
    public const int MaxPageSize = 500;

    /// <summary>
    /// Deliveries newest first. Keyset pagination: pass the last row's <see cref="DeliverySummary.Cursor"/>
    /// as <paramref name="before"/> for the next page, which stays an index seek however deep the log is.
    /// </summary>
    public Task<IReadOnlyList<DeliverySummary>> ListAsync(
        Guid organizationId, Guid? webhookId = null, DeliveryCursor? before = null, int limit = 50, CancellationToken cancellationToken = default) =>
        QueryAsync(organizationId, new DeliveryFilter(webhookId), before, Math.Clamp(limit, 1, MaxPageSize), cancellationToken);

    /// <summary>
    /// One page of the deliveries that match <paramref name="filter"/>, newest first, and the cursor of the
    /// next page (null on the last page). The same filter must be passed with the cursor.
    /// </summary>
    public async Task<DeliveryPage> ListPageAsync(
        Guid organizationId, DeliveryFilter filter, DeliveryCursor? before, int limit, CancellationToken cancellationToken = default)
    {
        limit = Math.Clamp(limit, 1, MaxPageSize);
        var rows = await QueryAsync(organizationId, filter, before, limit + 1, cancellationToken);
        return rows.Count > limit ? new DeliveryPage(rows.Take(limit).ToList(), rows[limit - 1].Cursor) : new DeliveryPage(rows, null);
    }

    /// <summary>How many of the organization's event deliveries (not sync-hook calls) are in each state; every state is present (zero when none).</summary>
    /// <remarks>
    /// One count per status, each a range of that status's partial index, less the organization's sync-hook calls in
    /// that status, found by name along the event-name index. Sync-hook names and event names never meet
    /// (<see cref="EventCatalog"/>), so no row's event is read.
    /// </remarks>
    public async Task<IReadOnlyDictionary<DeliveryStatus, int>> CountByStatusAsync(Guid organizationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var rows = db.Deliveries.AsNoTracking().Where(d => d.OrganizationId == organizationId);
        var hookCalls = new Dictionary<DeliveryStatus, int>();
        foreach (var hook in EventCatalog.SyncHooks)
        {
            foreach (var group in await rows.Where(d => d.EventName == hook).GroupBy(d => d.Status)
                .Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(cancellationToken))
            {
                hookCalls[group.Status] = hookCalls.GetValueOrDefault(group.Status) + group.Count;
            }
        }

        var counts = new Dictionary<DeliveryStatus, int>();
        foreach (var status in Enum.GetValues<DeliveryStatus>())
        {
            counts[status] = await rows.WhereStatusIs(status).CountAsync(cancellationToken) - hookCalls.GetValueOrDefault(status);
        }

        return counts;
    }

    /// <summary>One delivery with its attempts, oldest attempt first, each with its request body as sent, or null.</summary>
    public async Task<Domain.Delivery?> GetAsync(Guid organizationId, Guid deliveryId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var delivery = await db.Deliveries.AsNoTracking().AsSplitQuery()
            .Include(d => d.Event).Include(d => d.Webhook).Include(d => d.Attempts.OrderBy(a => a.Number))
            .SingleOrDefaultAsync(d => d.Id == deliveryId && d.OrganizationId == organizationId, cancellationToken);
        if (delivery is not null)
        {
            RebuiltRequestBody.Restore(delivery);
        }

        return delivery;
    }

    private async Task<IReadOnlyList<DeliverySummary>> QueryAsync(
        Guid organizationId, DeliveryFilter filter, DeliveryCursor? before, int take, CancellationToken cancellationToken)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        // The log is of events: sync-hook calls are answered at once, never queued or retried, and have their own log (SyncHookLog).
        var query = db.Deliveries.AsNoTracking().Where(d => d.OrganizationId == organizationId && d.Event!.TriggerType != TriggerType.SyncHook);
        if (filter.WebhookId is { } id)
        {
            query = query.Where(d => d.WebhookId == id);
        }

        if (filter.Status is { } status)
        {
            // As a literal: each status is a range of one of its partial indexes (Persistence/StatusLiteral.cs).
            query = query.WhereStatusIs(status);
        }

        if (filter.EventName is { } eventName)
        {
            query = query.Where(d => d.EventName == eventName);
        }

        if (filter.TestEventsOnly)
        {
            query = query.Where(d => d.IsTestEvent);
        }

        if (filter.Since is { } since)
        {
            query = query.Where(d => d.CreatedAt >= since);
        }

        if (filter.Until is { } until)
        {
            query = query.Where(d => d.CreatedAt < until);
        }

        if (before is { } cursor)
        {
            // The plain "<=" bound lets SQLite seek the (…, CreatedAt) index to the cursor instead of scanning from the newest row.
            query = query.Where(d => d.CreatedAt <= cursor.CreatedAt
                && (d.CreatedAt < cursor.CreatedAt || d.Id.CompareTo(cursor.Id) < 0));
        }

        return await query.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Take(take)
            .Select(d => new DeliverySummary(d.Id, d.EventId, d.Event!.Name, d.Event.IsTestEvent, d.WebhookId, d.Webhook!.Name,
                d.Status, d.AttemptCount, d.LastResponseStatus, d.LastError, d.CreatedAt, d.NextAttemptAt, d.CompletedAt,
                // Ordered by the attempt's number: SQLite cannot aggregate or order DateTimeOffset values.
                d.Attempts.OrderByDescending(a => a.Number).Select(a => (DateTimeOffset?)a.StartedAt).FirstOrDefault()))
            .ToListAsync(cancellationToken);
    }
}

/// <summary>
/// Which deliveries to list; every part is optional. <see cref="Since"/> is inclusive, <see cref="Until"/> exclusive;
/// <see cref="TestEventsOnly"/> keeps only deliveries of events sent with <c>Send test event</c>.
/// </summary>
public sealed record DeliveryFilter(
    Guid? WebhookId = null,
    DeliveryStatus? Status = null,
    string? EventName = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null,
    bool TestEventsOnly = false);

/// <summary>One page of the delivery log and where the next one starts (null on the last page).</summary>
public sealed record DeliveryPage(IReadOnlyList<DeliverySummary> Items, DeliveryCursor? Next);

/// <summary>A position in the delivery log (newest first).</summary>
public readonly record struct DeliveryCursor(DateTimeOffset CreatedAt, Guid Id);

/// <summary>One row of the delivery log; <see cref="LastAttemptAt"/> is when its newest attempt started (null before the first).</summary>
public sealed record DeliverySummary(
    Guid Id,
    Guid EventId,
    string EventName,
    bool IsTestEvent,
    Guid WebhookId,
    string WebhookName,
    DeliveryStatus Status,
    int AttemptCount,
    int? LastResponseStatus,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? LastAttemptAt = null)
{
    public DeliveryCursor Cursor => new(CreatedAt, Id);
}
