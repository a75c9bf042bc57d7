using System.Text.Json;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Audit;

/// <summary>An audit entry as the API, the export and the OpenAPI document show it (snake_case names).</summary>
public sealed record AuditEntryResource(
    Guid Id,
    Guid OrganizationId,
    long Sequence,
    DateTimeOffset OccurredAt,
    AuditActorResource Actor,
    string Action,
    AuditTargetResource Target,
    string Outcome,
    JsonElement? Details,
    string PreviousHash,
    string Hash)
{
    public static AuditEntryResource From(AuditEntry entry) => new(
        entry.Id, entry.OrganizationId, entry.Sequence, entry.OccurredAt,
        new AuditActorResource(entry.ActorType, entry.ActorId, entry.ActorName, entry.ActorAddress),
        entry.Action,
        new AuditTargetResource(entry.TargetType, entry.TargetId, entry.TargetName),
        entry.Outcome,
        entry.Details is null ? null : JsonDocument.Parse(entry.Details).RootElement.Clone(),
        entry.PreviousHash,
        entry.Hash);
}

/// <summary>Who: <c>operator</c>, <c>api_key</c>, <c>platform_api_key</c>, <c>portal_link</c>, <c>system</c> or <c>anonymous</c>, by id and name, from an address.</summary>
public sealed record AuditActorResource(string Type, string? Id, string Name, string? Address);

/// <summary>What an entry acted on.</summary>
public sealed record AuditTargetResource(string Type, string? Id, string? Name);
