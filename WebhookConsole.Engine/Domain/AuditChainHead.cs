namespace WebhookConsole.Engine.Domain;

/// <summary>
/// Where one organization's audit chain stands: its last entry (appends lock and advance this row) and its anchor,
/// the sequence and hash of the last entry the retention purge deleted, from which verification starts.
/// </summary>
public sealed class AuditChainHead
{
    /// <summary>The organization, or <see cref="Guid.Empty"/> for the platform chain.</summary>
    public Guid OrganizationId { get; set; }

    public long LastSequence { get; set; }

    public string LastHash { get; set; } = "";

    /// <summary>The sequence of the last purged entry; 0 while nothing was purged.</summary>
    public long AnchorSequence { get; set; }

    /// <summary>The hash of the last purged entry; the genesis hash (64 zeros) while nothing was purged.</summary>
    public string AnchorHash { get; set; } = "";

    public DateTimeOffset? AnchoredAt { get; set; }
}
