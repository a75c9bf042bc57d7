namespace WebhookConsole.Engine.Domain;

/// <summary>
/// A publisher's <c>Idempotency-Key</c>, remembered for <c>Events:IdempotencyWindow</c>: the same key again within
/// the window answers the first event's id and stores nothing. Keyed by organization and key, so concurrent callers
/// (on any node) race on the primary key, not on a read.
/// </summary>
public sealed class IdempotencyKey
{
    public const int MaxLength = 255;

    public Guid OrganizationId { get; set; }

    public required string Key { get; set; }

    /// <summary>The event the first call with this key stored.</summary>
    public Guid EventId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
