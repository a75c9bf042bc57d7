using Microsoft.Extensions.Options;
using WebhookConsole.Engine.Configuration;

namespace WebhookConsole.Engine.Delivery;

/// <summary>
/// The retry schedule of SlashID's webhooks guide for event deliveries: the first retry after <c>InitialBackoff</c>, each next one twice as
/// long, never more than <c>MaxBackoff</c> apart, and none scheduled later than <c>GiveUpAfter</c> after the first
/// attempt. A jitter of up to <c>Jitter</c> (a fraction) is added, never subtracted, so receivers recovering from
/// an outage are not hit by every retry at once. A <c>Retry-After</c> answer (429, 503) waits at least that long,
/// up to <c>MaxRetryAfter</c>.
/// </summary>
public sealed class RetryPolicy(IOptionsMonitor<DeliveryOptions> options, IRandomSource random)
{
    /// <summary>When to try again after <paramref name="attemptsMade"/> failed attempts, or null to give up.</summary>
    public DateTimeOffset? NextAttemptAt(DateTimeOffset firstAttemptAt, int attemptsMade, DateTimeOffset now, TimeSpan? retryAfter = null)
    {
        var retry = options.CurrentValue.Retry;
        var exponent = Math.Clamp(attemptsMade - 1, 0, 20);
        var backoff = TimeSpan.FromTicks(Math.Min(retry.InitialBackoff.Ticks * (1L << exponent), retry.MaxBackoff.Ticks));
        backoff += backoff * (retry.Jitter * random.NextDouble());
        if (retryAfter is { } asked && asked > backoff)
        {
            backoff = asked < retry.MaxRetryAfter ? asked : retry.MaxRetryAfter;
        }

        var next = now + backoff;
        return next - firstAttemptAt > retry.GiveUpAfter ? null : next;
    }
}
