using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Scheduling;

/// <summary>An endpoint's scheduling settings, as the claim reads them from its webhook.</summary>
public sealed record EndpointPolicy(Guid WebhookId, WebhookStatus Status, int? MaxInFlight, int? RateLimitPerSecond, DeliveryOrdering Ordering)
{
    /// <summary>
    /// A cap, a rate limit, a FIFO line or a circuit that is not closed: the quota depends on more than this process's
    /// room, so the claim locks the endpoint (PostgreSQL), reads its state again and counts its leased rows.
    /// </summary>
    public bool IsConstrained(EndpointState? state) =>
        MaxInFlight is not null || RateLimitPerSecond is not null || Ordering == DeliveryOrdering.Fifo || state is { Circuit: not CircuitState.Closed };

    /// <summary>
    /// How many of the endpoint's due rows this claim may lease: the process's <paramref name="room"/> for it, cut by
    /// its cap (counting every node's leased rows), its FIFO line (one at a time), its circuit and its token bucket.
    /// Deliveries of a webhook that is no longer active are claimed only to be cancelled, so nothing else holds them.
    /// </summary>
    public int Quota(EndpointState? state, int inFlight, int room, DateTimeOffset now)
    {
        if (Status != WebhookStatus.Active)
        {
            return room;
        }

        var quota = room;
        if (MaxInFlight is { } cap)
        {
            quota = Math.Min(quota, cap - inFlight);
        }

        if (Ordering == DeliveryOrdering.Fifo)
        {
            quota = Math.Min(quota, inFlight == 0 ? 1 : 0);
        }

        if (CircuitBreaker.Allowance(state, now) is { } allowed)
        {
            quota = Math.Min(quota, allowed);
        }

        if (RateLimitPerSecond is { } rate)
        {
            quota = Math.Min(quota, TokenBucket.Available(state ?? new EndpointState { WebhookId = WebhookId }, rate, now));
        }

        return Math.Max(0, quota);
    }
}
