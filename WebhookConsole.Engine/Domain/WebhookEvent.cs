namespace WebhookConsole.Engine.Domain;

/// <summary>One occurrence of an event type, as accepted from the identity system.</summary>
public sealed class WebhookEvent
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    public required string Name { get; set; }

    /// <summary>The event's JSON payload as received.</summary>
    public required string Payload { get; set; }

    public bool IsTestEvent { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
}
