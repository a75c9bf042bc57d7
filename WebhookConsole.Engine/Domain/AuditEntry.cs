namespace WebhookConsole.Engine.Domain;

/// <summary>
/// One recorded change: when, who (and from where), in which organization, what was done to what, and the outcome.
/// Append-only and hash-chained per organization: <see cref="PreviousHash"/> is the <see cref="Hash"/> of the entry
/// before it in the same chain, and <see cref="Hash"/> is the SHA-256 of this entry's canonical content
/// (<c>Audit/AuditHash.cs</c>). Never holds a secret, a header value, an API key or a payload.
/// </summary>
public sealed class AuditEntry
{
    public Guid Id { get; set; }

    /// <summary>The chain: the organization the change belongs to, or <see cref="Guid.Empty"/> for the platform chain.</summary>
    public Guid OrganizationId { get; set; }

    /// <summary>1, 2, 3 … within the chain, without gaps (a purge moves the chain's anchor instead).</summary>
    public long Sequence { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    /// <summary><c>operator</c>, <c>api_key</c>, <c>platform_api_key</c>, <c>portal_link</c>, <c>system</c> or <c>anonymous</c>.</summary>
    public string ActorType { get; set; } = "";

    public string? ActorId { get; set; }

    public string ActorName { get; set; } = "";

    /// <summary>The client's IP address as the app saw it (after trusted proxies' forwarded headers).</summary>
    public string? ActorAddress { get; set; }

    /// <summary>What was done, e.g. <c>webhook.updated</c> (<c>Audit/AuditAction.cs</c>).</summary>
    public string Action { get; set; } = "";

    public string TargetType { get; set; } = "";

    public string? TargetId { get; set; }

    public string? TargetName { get; set; }

    /// <summary><c>success</c>, or <c>failure</c> (a refused sign-in).</summary>
    public string Outcome { get; set; } = "success";

    /// <summary>A JSON object with what changed (names, ids, old and new values of plain fields), or null.</summary>
    public string? Details { get; set; }

    /// <summary>Lowercase hex SHA-256 of the previous entry of the chain (64 zeros for the first).</summary>
    public string PreviousHash { get; set; } = "";

    /// <summary>Lowercase hex SHA-256 of this entry's canonical content, <see cref="PreviousHash"/> included.</summary>
    public string Hash { get; set; } = "";
}
