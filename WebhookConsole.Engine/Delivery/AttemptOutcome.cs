using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Delivery;

/// <summary>What one HTTP try of a delivery produced.</summary>
public sealed record AttemptOutcome(
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    int? ResponseStatus,
    string? ResponseHeaders,
    string? ResponseBody,
    AttemptError Error,
    string? ErrorMessage,
    TimeSpan? RetryAfter = null)
{
    public bool Succeeded => Error == AttemptError.None;
}
