namespace WebhookConsole.Engine.Domain;

/// <summary>One event for one webhook: the queue entry and its log.</summary>
public sealed class Delivery
{
    public Guid Id { get; set; }

    public Guid EventId { get; set; }

    public WebhookEvent? Event { get; set; }

    /// <summary>The event's name, copied from the event so the log filters by it with an index of its own.</summary>
    public string EventName { get; set; } = "";

    /// <summary>Whether the event is a test event, copied like <see cref="EventName"/>.</summary>
    public bool IsTestEvent { get; set; }

    public Guid WebhookId { get; set; }

    public Webhook? Webhook { get; set; }

    public Guid OrganizationId { get; set; }

    public DeliveryStatus Status { get; set; }

    public int AttemptCount { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the first attempt was made; the retry schedule's give-up time counts from here.</summary>
    public DateTimeOffset? FirstAttemptAt { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>Acceptance order: strictly increasing within a process, microseconds of the accepting clock across processes. FIFO endpoints are served in this order.</summary>
    public long Sequence { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Which dispatcher holds the row while <see cref="DeliveryStatus.InFlight"/>.</summary>
    public string? LeaseOwner { get; set; }

    public DateTimeOffset? LeaseExpiresAt { get; set; }

    public int? LastResponseStatus { get; set; }

    public string? LastError { get; set; }

    /// <summary>When an erasure by subject removed this delivery's event and bodies; its status, times and ids stay.</summary>
    public DateTimeOffset? ErasedAt { get; set; }

    /// <summary>When the retention purge removed the request and response bodies of this delivery's attempts.</summary>
    public DateTimeOffset? BodiesPurgedAt { get; set; }

    public List<Attempt> Attempts { get; set; } = [];
}
