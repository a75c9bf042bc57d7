using System.Globalization;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Persistence;

namespace WebhookConsole.Engine.Scheduling;

/// <summary>
/// Why a queued delivery has not gone out yet, in one sentence for the delivery page and <c>waiting_reason</c> in the
/// API: the endpoint's circuit, its place behind the head of a FIFO line, its retry backoff, the endpoint's cap on
/// requests in flight or its rate limit, in that order (the first that holds it back is named).
/// </summary>
public sealed class DeliveryWaitReason(IDbContextFactory<WebhookDbContext> dbs, TimeProvider time)
{
    /// <summary>
    /// The reason for <paramref name="delivery"/> (pending or retrying; null in any other state) given its endpoint's
    /// <paramref name="state"/> (null: no row, a closed circuit and a full bucket), how many of the endpoint's deliveries
    /// are in flight and, for a FIFO endpoint, the id of the line's head (its oldest queued or in-flight delivery).
    /// </summary>
    public static string? Explain(Domain.Delivery delivery, Webhook webhook, EndpointState? state, int inFlight, Guid? fifoHead, DateTimeOffset now)
    {
        if (delivery.Status is not (DeliveryStatus.Pending or DeliveryStatus.Retrying))
        {
            return null;
        }

        if (state?.Circuit == CircuitState.Open)
        {
            var since = state.CircuitSince is { } opened ? $" since {Time(opened, now)}" : "";
            var probe = state.NextProbeAt is { } next ? $"; next probe at {Time(next, now)}" : "";
            return $"Waiting: the endpoint's circuit is open{since}{probe}";
        }

        if (state?.Circuit == CircuitState.HalfOpen)
        {
            return "Waiting: the endpoint's circuit is half open; one probe request decides whether it closes";
        }

        if (webhook.Ordering == DeliveryOrdering.Fifo && fifoHead is { } head && head != delivery.Id)
        {
            return $"Waiting: behind delivery {head} at the head of this FIFO endpoint's line";
        }

        if (delivery.NextAttemptAt > now)
        {
            return $"Next attempt at {Time(delivery.NextAttemptAt, now)}";
        }

        if (webhook.MaxInFlight is { } cap && inFlight >= cap)
        {
            return $"Waiting: at the endpoint's cap of {cap} {(cap == 1 ? "request" : "requests")} in flight";
        }

        if (webhook.RateLimitPerSecond is { } rate && TokenBucket.Available(state ?? new EndpointState(), rate, now) < 1)
        {
            return $"Waiting: rate limited to {rate} {(rate == 1 ? "request" : "requests")} a second";
        }

        return $"Next attempt at {Time(delivery.NextAttemptAt, now)}";
    }

    /// <summary>Loads what <see cref="Explain"/> needs for <paramref name="delivery"/> and explains it; null when it is not queued.</summary>
    public async Task<string?> ExplainAsync(Domain.Delivery delivery, CancellationToken cancellationToken = default)
    {
        if (delivery.Status is not (DeliveryStatus.Pending or DeliveryStatus.Retrying))
        {
            return null;
        }

        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var webhook = delivery.Webhook ?? await db.Webhooks.AsNoTracking().SingleAsync(w => w.Id == delivery.WebhookId, cancellationToken);
        var state = await db.EndpointStates.AsNoTracking().SingleOrDefaultAsync(s => s.WebhookId == delivery.WebhookId, cancellationToken);
        var inFlight = await db.Deliveries.CountAsync(d => d.Status == DeliveryStatus.InFlight && d.WebhookId == delivery.WebhookId, cancellationToken);
        Guid? head = webhook.Ordering != DeliveryOrdering.Fifo ? null : await OpenDeliveries.Where(db.Deliveries, OpenDeliveries.All, d => d.WebhookId == delivery.WebhookId)
            .OrderBy(d => d.Sequence).ThenBy(d => d.Id).Select(d => (Guid?)d.Id).FirstOrDefaultAsync(cancellationToken);
        return Explain(delivery, webhook, state, inFlight, head, time.GetUtcNow());
    }

    // 12:00:03 UTC today; with the date on any other day.
    private static string Time(DateTimeOffset value, DateTimeOffset now) =>
        value.UtcDateTime.ToString(value.UtcDateTime.Date == now.UtcDateTime.Date ? "HH:mm:ss 'UTC'" : "yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
