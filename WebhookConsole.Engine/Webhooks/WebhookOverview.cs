using System.Globalization;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Engine.Scheduling;

namespace WebhookConsole.Engine.Webhooks;

/// <summary>
/// The console's webhooks list: the organization's webhooks filtered by a search term, status and format, each with
/// its newest delivery's result, its success rate over the last 24 hours and its circuit, in one database query.
/// </summary>
public sealed class WebhookOverview(IDbContextFactory<WebhookDbContext> dbs, TimeProvider time)
{
    /// <summary>The window of <see cref="WebhookOverviewRow.SuccessRate"/>.</summary>
    public static readonly TimeSpan RateWindow = TimeSpan.FromHours(24);

    /// <summary>The matching webhooks, oldest first.</summary>
    public async Task<IReadOnlyList<WebhookOverviewRow>> ListAsync(
        Guid organizationId, WebhookOverviewFilter filter, CancellationToken cancellationToken = default)
    {
        var since = time.GetUtcNow() - RateWindow;
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var webhooks = db.Webhooks.AsNoTracking().Where(w => w.OrganizationId == organizationId);
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            // lower() on both sides: SQLite's LIKE ignores ASCII case and PostgreSQL's does not; this matches alike on both.
            var term = filter.Search.Trim().ToLowerInvariant();
            webhooks = webhooks.Where(w => w.Name.ToLower().Contains(term) || w.TargetUrl.ToLower().Contains(term));
        }

        if (filter.Status is { } status)
        {
            webhooks = webhooks.Where(w => w.Status == status);
        }

        if (filter.Format is { } format)
        {
            webhooks = webhooks.Where(w => w.Format == format);
        }

        // Scalar subqueries per column (not a lateral join, which SQLite lacks): still one statement for the page.
        var rows = await webhooks.OrderBy(w => w.CreatedAt).ThenBy(w => w.Id).Select(w => new
        {
            w.Id,
            w.Name,
            w.TargetUrl,
            w.Format,
            w.Status,
            LastStatus = db.Deliveries.Where(d => d.WebhookId == w.Id && d.Event!.TriggerType != TriggerType.SyncHook)
                .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Select(d => (DeliveryStatus?)d.Status).FirstOrDefault(),
            LastCode = db.Deliveries.Where(d => d.WebhookId == w.Id && d.Event!.TriggerType != TriggerType.SyncHook)
                .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Select(d => d.LastResponseStatus).FirstOrDefault(),
            // Event deliveries of the window that were tried: a retrying one counts as not (yet) succeeded, so a rate never
            // reads 100% while the newest deliveries keep failing. Sync-hook calls have their own page and figures.
            Succeeded = db.Deliveries.Count(d => d.WebhookId == w.Id && d.CreatedAt >= since && d.AttemptCount > 0
                && d.Status == DeliveryStatus.Succeeded && d.Event!.TriggerType != TriggerType.SyncHook),
            Attempted = db.Deliveries.Count(d => d.WebhookId == w.Id && d.CreatedAt >= since && d.AttemptCount > 0
                && d.Status != DeliveryStatus.Cancelled && d.Event!.TriggerType != TriggerType.SyncHook),
            Circuit = db.EndpointStates.Where(s => s.WebhookId == w.Id).Select(s => (CircuitState?)s.Circuit).FirstOrDefault(),
        }).ToListAsync(cancellationToken);

        return rows.Select(r => new WebhookOverviewRow(
            r.Id, r.Name, r.TargetUrl, r.Format, r.Status,
            r.LastStatus is { } last ? new LastDeliveryResult(last, r.LastCode) : null,
            r.Succeeded, r.Attempted, r.Circuit ?? CircuitState.Closed)).ToList();
    }
}

/// <summary>What the webhooks list is narrowed to; null or empty parts match everything.</summary>
public sealed record WebhookOverviewFilter(string? Search = null, WebhookStatus? Status = null, WebhookFormat? Format = null);

/// <summary>The newest delivery's state and the HTTP status of its last attempt (null before any answer).</summary>
public sealed record LastDeliveryResult(DeliveryStatus Status, int? ResponseStatus)
{
    /// <summary>The status word and code, e.g. <c>succeeded 200</c>, <c>failed 500</c>, <c>pending</c>.</summary>
    public override string ToString() => ResponseStatus is { } code ? $"{Status.ToWord()} {code}" : Status.ToWord();
}

/// <summary>One line of the webhooks list.</summary>
public sealed record WebhookOverviewRow(
    Guid Id,
    string Name,
    string TargetUrl,
    WebhookFormat Format,
    WebhookStatus Status,
    LastDeliveryResult? LastDelivery,
    int SucceededLast24Hours,
    int AttemptedLast24Hours,
    CircuitState Circuit)
{
    /// <summary>
    /// Succeeded over attempted event deliveries (succeeded, failed or retrying; not cancelled, not sync-hook calls)
    /// created in the last 24 hours; null when none was attempted.
    /// </summary>
    public double? SuccessRate => AttemptedLast24Hours == 0 ? null : (double)SucceededLast24Hours / AttemptedLast24Hours;

    /// <summary>The rate as the list shows it: <c>97%</c>, or an em dash when no delivery was attempted.</summary>
    public string SuccessRateText => SuccessRate is { } rate
        ? string.Create(CultureInfo.InvariantCulture, $"{Math.Floor(rate * 1000) / 10:0.#}%")
        : "—";
}
