using System.Text.Json;

namespace WebhookConsole.Engine.Receiving;

/// <summary>The claims of a verified <c>jwt</c> delivery (SlashID's webhooks guide).</summary>
/// <param name="Jti">This delivery's id: the same across retries of one delivery, so deduplicate on it.</param>
/// <param name="Subject"><c>sub</c>: the event's id (the same as <c>event_metadata.event_id</c> in the content).</param>
/// <param name="WebhookId">The webhook that was triggered.</param>
/// <param name="TargetUrl">The URL the hub sent the request to.</param>
/// <param name="TriggerType"><c>event</c> or <c>sync_hook</c>.</param>
/// <param name="TriggerName">The event or hook name, e.g. <c>AuthenticationFailed_v1</c>.</param>
/// <param name="TriggerContent">The full event payload; a detached copy, safe to keep.</param>
/// <param name="IssuedAt">When this attempt was signed (each retry is signed afresh).</param>
/// <param name="ExpiresAt">Five minutes after <paramref name="IssuedAt"/>; the token is rejected from then on.</param>
public sealed record WebhookJwtClaims(
    string Jti,
    string Subject,
    string WebhookId,
    string TargetUrl,
    string TriggerType,
    string TriggerName,
    JsonElement TriggerContent,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt);
