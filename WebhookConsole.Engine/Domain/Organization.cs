namespace WebhookConsole.Engine.Domain;

/// <summary>A tenant: owns webhooks, API keys and signing keys. May be a sub-organization of another (Asgardeo's model).</summary>
public sealed class Organization
{
    public Guid Id { get; set; }

    /// <summary>The "root organization domain" that starts every WebSub topic (Asgardeo's WebSub guide). Unique in the hub.</summary>
    public required string Handle { get; set; }

    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The parent of a sub-organization; null for a root organization.</summary>
    public Guid? ParentId { get; set; }

    /// <summary>0 for a root organization, the parent's depth + 1 for a sub-organization (Asgardeo's <c>organization.depth</c>).</summary>
    public int Depth { get; set; }

    /// <summary>Set while the organization is disabled: its events are refused and its deliveries wait; nothing is deleted.</summary>
    public DateTimeOffset? DisabledAt { get; set; }

    public bool IsDisabled => DisabledAt is not null;

    /// <summary>How long finished deliveries, their attempts and events are kept; null: <c>Delivery:Retention</c>.</summary>
    public TimeSpan? EventRetention { get; set; }

    /// <summary>How long attempts' request and response bodies are kept (at most <see cref="EventRetention"/>); null: as long as the rows.</summary>
    public TimeSpan? BodyRetention { get; set; }
}
