using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using WebhookConsole.Engine.Webhooks;

namespace WebhookConsole.Api;

/// <summary>The body of <c>POST /organizations/webhooks</c> (SlashID's API), as the OpenAPI document describes it; <see cref="WebhookRequests"/> reads it.</summary>
internal sealed class CreateWebhookBody
{
    [Required, Description("HTTPS URL with a host that is neither localhost nor an IP address, without query or fragment; unique in the organization.")]
    public string TargetUrl { get; init; } = "";

    [Required, Description("A name for the webhook (at most 200 characters).")]
    public string Name { get; init; } = "";

    [Description("What the webhook is for (at most 1000 characters).")]
    public string? Description { get; init; }

    [Description("Headers sent with every request: name to list of values. Encrypted at rest; values are never returned.")]
    public Dictionary<string, string[]>? CustomHeaders { get; init; }

    [Description("A Go duration such as 500ms or 10s, from 0s to 20s; 0s or absent means the defaults (10s for events, 2s for sync hooks).")]
    public string? Timeout { get; init; }

    [Description("jwt (the default on this API: an ES256 JWT body as SlashID sends), standard (Standard Webhooks) or websub (Asgardeo-style WebSub: HMAC x-hub-signature, verification of intent, starts inactive).")]
    public string? Format { get; init; }

    [Description("HMAC secret for standard (whsec_ and the base64 of 24-64 bytes) or websub (16-200 printable characters); generated when absent; none for jwt. Returned in clear once, in the create response.")]
    public string? Secret { get; init; }

    [Range(1, DeliverySettings.MaxInFlightLimit), Description("A hard cap on requests in flight to the endpoint across every node, 1-256; null or absent: no cap beyond the endpoint's fair share of the senders.")]
    public int? MaxInFlight { get; init; }

    [Range(1, DeliverySettings.RateLimitMax), Description("The most requests a second sent to the endpoint across every node, 1-10000 (bursts of at most one second's worth); null or absent: no limit. Deliveries over it wait; they do not fail.")]
    public int? RateLimitPerSecond { get; init; }

    [AllowedValues("none", "fifo"), Description("none (the default: concurrent, a failing delivery is retried while later ones go ahead) or fifo (one at a time in the order the events were accepted; a failing delivery holds back the ones behind it until it succeeds or finally fails).")]
    public string? Ordering { get; init; }
}

/// <summary>
/// The body of <c>PATCH /organizations/webhooks/{webhook_id}</c>: any of the fields; the format and secret are fixed at
/// creation. Absent or null fields stay as they are, except <c>max_in_flight</c> and <c>rate_limit_per_second</c>, which null clears.
/// </summary>
internal sealed class UpdateWebhookBody
{
    [Description("A new target URL, same rules as at creation. A switched-on websub webhook must be deactivated first.")]
    public string? TargetUrl { get; init; }

    public string? Name { get; init; }

    public string? Description { get; init; }

    [Description("Replaces every custom header.")]
    public Dictionary<string, string[]>? CustomHeaders { get; init; }

    [Description("A Go duration from 0s to 20s.")]
    public string? Timeout { get; init; }

    [Range(1, DeliverySettings.MaxInFlightLimit), Description("1-256; null clears the cap.")]
    public int? MaxInFlight { get; init; }

    [Range(1, DeliverySettings.RateLimitMax), Description("1-10000; null clears the limit.")]
    public int? RateLimitPerSecond { get; init; }

    [AllowedValues("none", "fifo"), Description("none or fifo; takes effect for deliveries not yet sent.")]
    public string? Ordering { get; init; }
}

/// <summary>The body of <c>POST /organizations/webhooks/{webhook_id}/triggers</c> (SlashID's API).</summary>
internal sealed class TriggerBody
{
    [Required, Description("event or sync_hook.")]
    public string TriggerType { get; init; } = "";

    [Required, Description("An event name such as AuthenticationFailed_v1, or a sync hook such as token_minted.")]
    public string TriggerName { get; init; } = "";
}

/// <summary>The body of <c>POST /events</c>: one event from the identity system.</summary>
internal sealed class EventBody
{
    [Required, Description("One of the 33 event triggers (GET /event-types), such as AuthenticationSucceeded_v1.")]
    public string EventName { get; init; } = "";

    [Description("The event's payload, a JSON object; delivered as the trigger content with event_metadata filled in "
        + "(event_id, event_name, event_type, organization_id, organization_depth, source, timestamp, is_test_event). A UUID in event_metadata.event_id becomes the event's id.")]
    public Dictionary<string, JsonElement>? Payload { get; init; }
}

/// <summary>The body of <c>POST /events/batch</c>.</summary>
internal sealed class EventBatchBody
{
    [Required, Description("From 1 to 1000 events, stored together or not at all.")]
    public List<BatchEventBody> Events { get; init; } = [];
}

/// <summary>One event of a batch: an event with its own idempotency key.</summary>
internal sealed class BatchEventBody
{
    [Required, Description("One of the 33 event triggers (GET /event-types), such as AuthenticationSucceeded_v1.")]
    public string EventName { get; init; } = "";

    [Description("The event's payload, as for POST /events.")]
    public Dictionary<string, JsonElement>? Payload { get; init; }

    [Description("Like the Idempotency-Key header of POST /events: the same key within Events:IdempotencyWindow (24 h) answers the first event's id and stores nothing.")]
    public string? IdempotencyKey { get; init; }
}

/// <summary>The body of <c>POST /erasure</c>: a person id, or a JSON path and the value it holds.</summary>
internal sealed class ErasureBody
{
    [Description("The person's id: every event that names it (person_id, user_id, sub, a user's id, an email or phone field or claim) is erased. Or send path and value.")]
    public string? PersonId { get; init; }

    [Description("A JSON path into the event's content, such as $.claims.email, $.user['email'] or $.emails[0]; with value.")]
    public string? Path { get; init; }

    [Description("The value the path holds, compared trimmed and without case, such as a@example.com.")]
    public string? Value { get; init; }
}

/// <summary>The body of <c>PATCH /organizations/retention</c>.</summary>
internal sealed class RetentionBody
{
    [Range(1, 3650), Description("Days finished deliveries, their attempts and events are kept; null: the hub's Delivery:Retention.")]
    public int? EventRetentionDays { get; init; }

    [Range(1, 3650), Description("Days the attempts' request and response bodies are kept (at most event_retention_days); null: as long as the rows.")]
    public int? BodyRetentionDays { get; init; }
}

/// <summary>The JSON field names of the request bodies, taken from the classes above so the reader and the document agree.</summary>
internal static class RequestFields
{
    public static readonly IReadOnlyList<string> Webhook = Of<CreateWebhookBody>();
    public static readonly IReadOnlyList<string> Trigger = Of<TriggerBody>();
    public static readonly IReadOnlyList<string> Erasure = Of<ErasureBody>();
    public static readonly IReadOnlyList<string> Retention = Of<RetentionBody>();

    private static string[] Of<T>() =>
        typeof(T).GetProperties().Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name)).ToArray();
}
