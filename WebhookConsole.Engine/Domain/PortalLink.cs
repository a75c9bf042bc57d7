namespace WebhookConsole.Engine.Domain;

/// <summary>
/// A signed, expiring link that opens an organization's slice of the console (its webhooks, deliveries and the event
/// catalog) to the tenant's developers without an operator account. Only the token's SHA-256 is stored.
/// </summary>
public sealed class PortalLink
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    public required string Name { get; set; }

    /// <summary>Lowercase hex SHA-256 of the link's token.</summary>
    public required string TokenHash { get; set; }

    /// <summary>The token's last four characters, to tell links apart in lists.</summary>
    public required string Hint { get; set; }

    /// <summary>True: the portal shows, but redeliver, test events and secret rotation are refused.</summary>
    public bool ReadOnly { get; set; }

    /// <summary>Space-separated event names the portal shows; empty for all.</summary>
    public string EventTypes { get; set; } = "";

    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public IReadOnlyList<string> EventTypeList => EventTypes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
