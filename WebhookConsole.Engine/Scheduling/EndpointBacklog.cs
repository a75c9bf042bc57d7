using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Persistence;

namespace WebhookConsole.Engine.Scheduling;

/// <summary>
/// The Jobs page's busiest endpoints: an organization's webhooks with the largest backlog (due and in-flight deliveries),
/// so an operator sees at once which endpoint is stuck, with its circuit and its delivery settings.
/// </summary>
public sealed class EndpointBacklog(IDbContextFactory<WebhookDbContext> dbs, TimeProvider time)
{
    public const int DefaultTop = 10;

    /// <summary>At most <paramref name="top"/> endpoints with something queued or in flight, most due plus in flight first.</summary>
    public async Task<IReadOnlyList<EndpointBacklogRow>> BusiestAsync(Guid organizationId, int top = DefaultTop, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        // WebhookId IN (the organization's webhooks) rather than the delivery's OrganizationId: every column the
        // grouping reads is then in the scheduler's (Status, WebhookId, NextAttemptAt, Sequence) index.
        var organizationWebhooks = db.Webhooks.Where(w => w.OrganizationId == organizationId).Select(w => w.Id);
        var counts = await OpenDeliveries.Where(db.Deliveries.AsNoTracking(), OpenDeliveries.All, d => organizationWebhooks.Contains(d.WebhookId))
            .GroupBy(d => d.WebhookId)
            .Select(g => new
            {
                WebhookId = g.Key,
                Due = g.Count(d => d.Status != DeliveryStatus.InFlight && d.NextAttemptAt <= now),
                Waiting = g.Count(d => d.Status != DeliveryStatus.InFlight && d.NextAttemptAt > now),
                InFlight = g.Count(d => d.Status == DeliveryStatus.InFlight),
            })
            .OrderByDescending(c => c.Due + c.InFlight).ThenByDescending(c => c.Waiting).ThenBy(c => c.WebhookId)
            .Take(top)
            .ToListAsync(cancellationToken);
        if (counts.Count == 0)
        {
            return [];
        }

        var ids = counts.Select(c => c.WebhookId).ToList();
        var webhooks = await db.Webhooks.AsNoTracking().Where(w => ids.Contains(w.Id)).ToDictionaryAsync(w => w.Id, cancellationToken);
        var circuits = await db.EndpointStates.AsNoTracking().Where(s => ids.Contains(s.WebhookId))
            .ToDictionaryAsync(s => s.WebhookId, s => s.Circuit, cancellationToken);
        return counts.Where(c => webhooks.ContainsKey(c.WebhookId)).Select(c =>
        {
            var webhook = webhooks[c.WebhookId];
            return new EndpointBacklogRow(
                webhook.Id, webhook.Name, c.Due, c.Waiting, c.InFlight,
                circuits.GetValueOrDefault(webhook.Id, CircuitState.Closed), webhook.MaxInFlight, webhook.RateLimitPerSecond, webhook.Ordering);
        }).ToList();
    }
}

/// <summary>
/// One endpoint's backlog: <see cref="Due"/> (pending or retrying, due now), <see cref="Waiting"/> (pending or retrying,
/// due later) and <see cref="InFlight"/> (leased by a dispatcher), with its circuit and delivery settings.
/// </summary>
public sealed record EndpointBacklogRow(
    Guid WebhookId,
    string Name,
    int Due,
    int Waiting,
    int InFlight,
    CircuitState Circuit,
    int? MaxInFlight,
    int? RateLimitPerSecond,
    DeliveryOrdering Ordering);
