using Microsoft.Extensions.Options;
using WebhookConsole.Engine.Configuration;

namespace WebhookConsole.Engine.Delivery;

/// <summary>
/// Seed 000's schedule for event deliveries: the first retry after <c>InitialBackoff</c>, each next one
/// twice as long, never more than <c>MaxBackoff</c> apart, and none scheduled later than
/// <c>GiveUpAfter</c> after the first attempt.
/// </summary>
public sealed class RetryPolicy(IOptionsMonitor<DeliveryOptions> options)
{
    /// <summary>When to try again after <paramref name="attemptsMade"/> failed attempts, or null to give up.</summary>
    public DateTimeOffset? NextAttemptAt(DateTimeOffset firstAttemptAt, int attemptsMade, DateTimeOffset now)
    {
        var retry = options.CurrentValue.Retry;
        var exponent = Math.Clamp(attemptsMade - 1, 0, 30);
        var backoff = TimeSpan.FromTicks(Math.Min(retry.InitialBackoff.Ticks * (1L << Math.Min(exponent, 20)), retry.MaxBackoff.Ticks));
        var next = now + backoff;
        return next - firstAttemptAt > retry.GiveUpAfter ? null : next;
    }
}
