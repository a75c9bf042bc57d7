namespace WebhookConsole.Engine.Domain;

/// <summary>One occurrence of an event type, as accepted from the identity system.</summary>
public sealed class WebhookEvent
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    /// <summary>An event trigger, or a synchronous hook call recorded the same way.</summary>
    public Catalog.TriggerType TriggerType { get; set; }

    public required string Name { get; set; }

    /// <summary>The event's JSON payload as received.</summary>
    public required string Payload { get; set; }

    public bool IsTestEvent { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>For a sync hook call: the merged JSON result or the failure returned to the caller.</summary>
    public string? SyncResult { get; set; }

    /// <summary>When an erasure by subject replaced the payload (and a sync hook's result) with nothing.</summary>
    public DateTimeOffset? ErasedAt { get; set; }
}
