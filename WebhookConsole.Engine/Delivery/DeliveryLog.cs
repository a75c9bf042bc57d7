using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Persistence;

namespace WebhookConsole.Engine.Delivery;

/// <summary>Read side of the deliveries table: the log the console and the API show.</summary>
public sealed class DeliveryLog(IDbContextFactory<WebhookDbContext> dbs)
{
    /// <summary>
    /// Deliveries newest first. Keyset pagination: pass the last row's <see cref="DeliverySummary.Cursor"/>
    /// as <paramref name="before"/> for the next page, which stays an index seek however deep the log is.
    /// </summary>
    public async Task<IReadOnlyList<DeliverySummary>> ListAsync(
        Guid organizationId, Guid? webhookId = null, DeliveryCursor? before = null, int limit = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var query = db.Deliveries.AsNoTracking().Where(d => d.OrganizationId == organizationId);
        if (webhookId is { } id)
        {
            query = query.Where(d => d.WebhookId == id);
        }

        if (before is { } cursor)
        {
            query = query.Where(d => d.CreatedAt < cursor.CreatedAt || (d.CreatedAt == cursor.CreatedAt && d.Id.CompareTo(cursor.Id) < 0));
        }

        return await query.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Take(Math.Clamp(limit, 1, 500))
            .Select(d => new DeliverySummary(d.Id, d.EventId, d.Event!.Name, d.Event.IsTestEvent, d.WebhookId, d.Webhook!.Name,
                d.Status, d.AttemptCount, d.LastResponseStatus, d.LastError, d.CreatedAt, d.NextAttemptAt, d.CompletedAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>One delivery with its attempts, oldest attempt first, or null.</summary>
    public async Task<Domain.Delivery?> GetAsync(Guid organizationId, Guid deliveryId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        return await db.Deliveries.AsNoTracking().AsSplitQuery()
            .Include(d => d.Event).Include(d => d.Webhook).Include(d => d.Attempts.OrderBy(a => a.Number))
            .SingleOrDefaultAsync(d => d.Id == deliveryId && d.OrganizationId == organizationId, cancellationToken);
    }
}

/// <summary>A position in the delivery log (newest first).</summary>
public readonly record struct DeliveryCursor(DateTimeOffset CreatedAt, Guid Id);

/// <summary>One row of the delivery log.</summary>
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
    DateTimeOffset? CompletedAt)
{
    public DeliveryCursor Cursor => new(CreatedAt, Id);
}
