using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Audit;

/// <summary>The canonical content of an entry and its SHA-256: what the chain links and what verification recomputes.</summary>
public static class AuditHash
{
    /// <summary>The previous hash of a chain's first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>
    /// A JSON array of every stored field in a fixed order (times as Unix milliseconds, as stored), so the same row
    /// always gives the same bytes; a version first, so the form can change later without breaking old chains.
    /// </summary>
    public static string Canonical(AuditEntry entry) => JsonSerializer.Serialize(new object?[]
    {
        1, entry.Id, entry.OrganizationId, entry.Sequence, entry.OccurredAt.ToUnixTimeMilliseconds(),
        entry.ActorType, entry.ActorId, entry.ActorName, entry.ActorAddress, entry.Action,
        entry.TargetType, entry.TargetId, entry.TargetName, entry.Outcome, entry.Details, entry.PreviousHash,
    });

    public static string Compute(AuditEntry entry) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(entry))));
}
