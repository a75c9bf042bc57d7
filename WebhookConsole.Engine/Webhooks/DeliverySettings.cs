using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Webhooks;

/// <summary>
/// The rules of a webhook's per-endpoint delivery settings (issue 9): a cap on requests in flight, a rate limit and the
/// ordering. The console and the API judge with these, so both answer with the same words.
/// </summary>
public static class DeliverySettings
{
    public const string MaxInFlightField = "max_in_flight";
    public const string RateLimitField = "rate_limit_per_second";
    public const string OrderingField = "ordering";
    public const int MaxInFlightLimit = 256;
    public const int RateLimitMax = 10_000;

    public static readonly string MaxInFlightRule = $"max_in_flight must be a whole number from 1 to {MaxInFlightLimit}, or null for no cap.";
    public static readonly string RateLimitRule = $"rate_limit_per_second must be a whole number from 1 to {RateLimitMax}, or null for no limit.";
    public const string OrderingRule = "ordering must be \"none\" or \"fifo\".";

    public static FieldError? ValidateMaxInFlight(int? value) =>
        value is < 1 or > MaxInFlightLimit ? new FieldError(MaxInFlightField, MaxInFlightRule) : null;

    public static FieldError? ValidateRateLimit(int? value) =>
        value is < 1 or > RateLimitMax ? new FieldError(RateLimitField, RateLimitRule) : null;

    /// <summary>Parses an <c>ordering</c> wire name; null for a valid one, else the rule naming the field.</summary>
    public static FieldError? ParseOrdering(string text, out DeliveryOrdering ordering) =>
        DeliveryOrderingNames.TryParse(text, out ordering) ? null : new FieldError(OrderingField, OrderingRule);
}
