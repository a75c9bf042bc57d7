using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using static WebhookConsole.Api.ApiResults;

namespace WebhookConsole.Api.OpenApi;

/// <summary>
/// What the OpenAPI document says about each route: summary, body, responses and examples. The handlers read
/// bodies themselves (to name the field in every error), so bodies and responses are declared here.
/// </summary>
internal static partial class EndpointDocumentation
{
    private const string Json = "application/json";

    public static RouteHandlerBuilder DocumentPublishEvent(this RouteHandlerBuilder endpoint) => endpoint
        .WithName("PublishEvent")
        .WithSummary("Hand over one event")
        .WithDescription("Stores the event and one delivery per active webhook subscribed to it, in one transaction; 202 means it will be delivered. "
            + "The payload gets event_metadata (event_id, event_name, event_type, organization_id, organization_depth, source, timestamp, is_test_event) where it has none. "
            + "Idempotency-Key header (1-255 printable ASCII characters): the same key within Events:IdempotencyWindow (24 h) stores nothing and answers "
            + "the first call's id, with duplicate true and the header Idempotent-Replayed: true; an event_metadata.event_id sent again does the same. "
            + "With Events:ValidatePayloads on, a payload that breaks its event type's schema (GET /event-types/{name}) is a 400 naming the JSON path.")
        .WithJsonBody<EventBody>()
        .Produces<ResultEnvelope<EventEndpoints.AcceptedEvent>>(StatusCodes.Status202Accepted)
        .ProducesErrors(StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType)
        .WithExamples(
            """{ "event_name": "AuthenticationFailed_v1", "payload": { "person_id": "0647620e-b32f-727b-8004-3f29d8ec5520", "failed_authn_method": "webauthn", "failure_reason": "no platform authenticator available" } }""",
            StatusCodes.Status202Accepted,
            Result("""{ "id": "68a850ca-b2ee-46ce-8592-410813037739", "duplicate": false }"""));

    public static RouteHandlerBuilder DocumentPublishEventBatch(this RouteHandlerBuilder endpoint) => endpoint
        .WithName("PublishEventBatch")
        .WithSummary("Hand over up to 1000 events at once")
        .WithDescription("Every event is checked first; then all are stored in one transaction, or none. Errors name the event's index and the field "
            + "(events[3].event_name). 202 with one {id, duplicate} per event, in order. Each event may carry its own idempotency_key; the "
            + "Idempotency-Key header is not used here (400). Body at most 16 MiB, each payload at most 256 KiB.")
        .WithJsonBody<EventBatchBody>()
        .Produces<ResultEnvelope<IReadOnlyList<EventEndpoints.AcceptedEvent>>>(StatusCodes.Status202Accepted)
        .ProducesErrors(StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType)
        .WithExamples(
            """{ "events": [ { "event_name": "PersonCreated_v1", "payload": { "person_id": "0647620e-b32f-727b-8004-3f29d8ec5520" }, "idempotency_key": "person-created-0647620e" }, { "event_name": "AuthenticationSucceeded_v1", "payload": { "person_id": "0647620e-b32f-727b-8004-3f29d8ec5520" } } ] }""",
            StatusCodes.Status202Accepted,
            Result("""[ { "id": "0197c1d2-6a1e-7b3c-9d4e-5f6a7b8c9d0e", "duplicate": false }, { "id": "0197c1d2-6a1e-7b3c-9d4e-5f6a7b8c9d0f", "duplicate": false } ]"""));

    public static RouteHandlerBuilder DocumentListEventTypes(this RouteHandlerBuilder endpoint) => endpoint
        .WithName("ListEventTypes")
        .WithSummary("List the event types")
        .WithDescription("The 33 event triggers: name, event_type (the name without its version), channel, description and the event URI that keys "
            + "websub payloads. GET /event-types/{name} adds the JSON Schema and an example.")
        .Produces<ResultEnvelope<IReadOnlyList<EventTypeEndpoints.EventTypeSummary>>>()
        .WithExamples(null, StatusCodes.Status200OK,
            Result("""[ { "name": "AuthenticationFailed_v1", "event_type": "AuthenticationFailed", "channel": "login", "channel_name": "Logins", "description": "An authentication attempt failed.", "event_uri": "https://schemas.identity.wso2.org/events/login/event-type/loginFailed" } ]"""));

    public static RouteHandlerBuilder DocumentGetEventType(this RouteHandlerBuilder endpoint) => endpoint
        .WithName("GetEventType")
        .WithSummary("Retrieve an event type with its JSON Schema and an example")
        .WithDescription("schema is a JSON Schema (draft 2020-12) of the event's content: event_metadata plus the type's own fields; fields it does not "
            + "list are allowed. With Events:ValidatePayloads on, POST /events refuses a payload that breaks it. example is a content the schema accepts.")
        .Produces<ResultEnvelope<EventTypeEndpoints.EventTypeResource>>()
        .ProducesErrors(StatusCodes.Status404NotFound);

    public static RouteHandlerBuilder DocumentCreate(this RouteHandlerBuilder endpoint) => endpoint
        .WithName("CreateWebhook")
        .WithSummary("Create a new webhook")
        .WithDescription("Creates a webhook without triggers (add them with the triggers endpoint). jwt and standard webhooks are active at once; "
            + "websub webhooks start inactive and are switched on with /activate. The response carries the secret in clear, the only time it is shown.")
        .WithJsonBody<CreateWebhookBody>()
        .Produces<ResultEnvelope<WebhookResource>>(StatusCodes.Status201Created)
        .ProducesErrors(StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType)
        .WithExamples(ApiExamples.CreateWebhookRequest, StatusCodes.Status201Created, Result(ApiExamples.Webhook));

    public static RouteHandlerBuilder DocumentList(this RouteHandlerBuilder endpoint) => endpoint
        .WithName("ListWebhooks")
        .WithSummary("List the organization's webhooks")
        .WithDescription("Oldest first. limit: 1 to 500, default 50; offset: default 0. meta.pagination gives limit, offset and total_count.")
        .Produces<PageEnvelope<WebhookResource, OffsetMeta>>()
        .WithExamples(null, StatusCodes.Status200OK,
            $$"""{ "result": [ {{ApiExamples.Webhook}} ], "meta": { "pagination": { "limit": 50, "offset": 0, "total_count": 1 } } }""");

    public static RouteHandlerBuilder DocumentGet(this RouteHandlerBuilder endpoint) => endpoint
        .WithName("GetWebhook")
        .WithSummary("Retrieve a webhook")
        .WithDescription("With its delivery settings (max_in_flight, rate_limit_per_second, ordering) and its circuit: state closed, open "
            + "(deliveries are held back, not failed, until one probe at next_probe_at) or half_open (the probe is in flight), and since when it is open.")
        .Produces<ResultEnvelope<WebhookResource>>()
        .ProducesErrors(StatusCodes.Status404NotFound)
        .WithExamples(null, StatusCodes.Status200OK, Result(ApiExamples.Webhook));

    public static RouteHandlerBuilder DocumentUpdate(this RouteHandlerBuilder endpoint) => endpoint
        .WithName("UpdateWebhook")
        .WithSummary("Modify a webhook")
        .WithDescription("Changes the fields given; absent or null fields stay as they are, except max_in_flight and rate_limit_per_second, "
            + "which an explicit null clears (no cap, no limit). custom_headers replaces every header.")
        .WithJsonBody<UpdateWebhookBody>()
        .Produces<ResultEnvelope<WebhookResource>>()
        .ProducesErrors(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType)
        .WithExamples(ApiExamples.UpdateWebhookRequest, StatusCodes.Status200OK, Result(ApiExamples.Webhook));

    public static RouteHandlerBuilder DocumentDelete(this RouteHandlerBuilder endpoint) => endpoint
        .WithName("DeleteWebhook")
        .WithSummary("Delete a webhook")
        .WithDescription("Deletes the webhook, its triggers and its delivery log. A switched-on websub webhook must be deactivated first (409); "
            + "jwt and standard webhooks are switched off and deleted.")
        .Produces(StatusCodes.Status204NoContent)
        .ProducesErrors(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

    public static RouteHandlerBuilder DocumentSwitch(this RouteHandlerBuilder endpoint, bool on) => endpoint
        .WithName(on ? "ActivateWebhook" : "DeactivateWebhook")
        .WithSummary(on ? "Switch a webhook on" : "Switch a webhook off")
        .WithDescription((on ? "Switches the webhook on. " : "Switches the webhook off. ")
            + "jwt and standard webhooks switch at once (200). A websub webhook sends a verification of intent per subscribed channel "
            + "in the background (202); its verifications show subscription_pending, then subscription_accepted or subscription_error (Asgardeo-style WebSub).")
        .Produces<ResultEnvelope<WebhookResource>>()
        .Produces<ResultEnvelope<WebhookResource>>(StatusCodes.Status202Accepted)
        .ProducesErrors(StatusCodes.Status404NotFound)
        .WithExamples(null, StatusCodes.Status202Accepted, Result(ApiExamples.WebSubWebhook));

    public static RouteHandlerBuilder DocumentResend(this RouteHandlerBuilder endpoint) => endpoint
        .WithName("ResendVerification")
        .WithSummary("Resend the failed or pending verification requests of a websub webhook")
        .Produces<ResultEnvelope<WebhookResource>>(StatusCodes.Status202Accepted)
        .ProducesErrors(StatusCodes.Status404NotFound)
        .WithExamples(null, StatusCodes.Status202Accepted, Result(ApiExamples.WebSubWebhook));

    public static RouteHandlerBuilder DocumentAddTrigger(this RouteHandlerBuilder endpoint) => endpoint
        .WithName("CreateWebhookTrigger")
        .WithSummary("Create a webhook trigger")
        .WithDescription("Adds a trigger; adding one the webhook already has changes nothing. A switched-on websub webhook must be "
            + "deactivated before it subscribes to a channel it was not verified for (409).")
        .WithJsonBody<TriggerBody>()
        .Produces<ResultEnvelope<TriggerResource>>(StatusCodes.Status201Created)
        .ProducesErrors(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType)
        .WithExamples(ApiExamples.Trigger, StatusCodes.Status201Created, Result(ApiExamples.Trigger));

    public static RouteHandlerBuilder DocumentListTriggers(this RouteHandlerBuilder endpoint) => endpoint
        .WithName("ListWebhookTriggers")
        .WithSummary("List a webhook's triggers")
        .Produces<ResultEnvelope<IReadOnlyList<TriggerResource>>>()
        .ProducesErrors(StatusCodes.Status404NotFound)
        .WithExamples(null, StatusCodes.Status200OK, Result(ApiExamples.Triggers));

    public static RouteHandlerBuilder DocumentRemoveTrigger(this RouteHandlerBuilder endpoint) => endpoint
        .WithName("DeleteWebhookTrigger")
        .WithSummary("Delete a webhook trigger")
        .WithDescription("Query parameters trigger_type and trigger_name name the trigger; removing one the webhook does not have changes nothing.")
        .Produces(StatusCodes.Status204NoContent)
        .ProducesErrors(StatusCodes.Status404NotFound);

    public static RouteHandlerBuilder DocumentListDeliveries(this RouteHandlerBuilder endpoint) => endpoint
        .WithName("ListWebhookDeliveries")
        .WithSummary("List a webhook's deliveries, newest first")
        .WithDescription("Filters: status (pending, in_flight, retrying, succeeded, failed, cancelled), event_name, since (inclusive) and until "
            + "(exclusive) as RFC 3339 times. limit: 1 to 500, default 50. meta.next_cursor is null on the last page; pass it as cursor, "
            + "with the same filters, for the next page.")
        .Produces<PageEnvelope<DeliveryResource, CursorMeta>>()
        .ProducesErrors(StatusCodes.Status404NotFound)
        .WithExamples(null, StatusCodes.Status200OK,
            $$"""{ "result": [ {{ApiExamples.Delivery}} ], "meta": { "next_cursor": "ZDE6MTY4NTQ2MzI4MDAwMDowMTk3ZDlhMTFhMmI3YzNkOGU0ZjVhNmI3YzhkOWUwZg" } }""");

    public static RouteHandlerBuilder DocumentGetDelivery(this RouteHandlerBuilder endpoint) => endpoint
        .WithName("GetDelivery")
        .WithSummary("Retrieve a delivery with its attempts")
        .WithDescription("Each attempt has the request as sent (custom header values masked), the response status, headers and body, "
            + "the error kind (timeout, connection, tls, non_success_status, redirect) and the duration in milliseconds. waiting_reason says, "
            + "for a pending or retrying delivery, what holds it back (the endpoint's open circuit, its rate limit, its cap on requests in flight, "
            + "its place behind the head of a FIFO line) or when it is next attempted; null in any other state. Payloads and bodies are "
            + "stored encrypted: one that does not decrypt where it is stored (copied from another row, changed, or written under another "
            + "master key) is answered 500 with a message naming its column and row, never with its bytes.")
        .Produces<ResultEnvelope<DeliveryDetailResource>>()
        .ProducesErrors(StatusCodes.Status404NotFound, StatusCodes.Status500InternalServerError)
        .WithExamples(null, StatusCodes.Status200OK, Result(ApiExamples.DeliveryWithAttempt()));

    public static RouteHandlerBuilder DocumentJwks(this RouteHandlerBuilder endpoint) => endpoint
        .WithName("GetVerificationJwks")
        .WithSummary("Retrieve verification JWKS for webhooks")
        .WithDescription("The organization's public ES256 keys (current, next, and retired ones still in their overlap) for verifying jwt deliveries. "
            + "Needs SlashID-OrgID only. Rate limited to 30 requests a minute per organization with bursts of 60 (429 with Retry-After): cache it.")
        .Produces<Engine.Signing.Jwks.KeySet>()
        .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status429TooManyRequests)
        .WithExamples(null, StatusCodes.Status200OK, ApiExamples.Jwks);

    public static RouteHandlerBuilder DocumentTestEvents(this RouteHandlerBuilder endpoint) => endpoint
        .WithName("GenerateTestEvents")
        .WithSummary("Generate events for testing")
        .WithDescription("Makes random events of the named types with is_test_event true and delivers them like real ones. duplicates sends each "
            + "event twice with the same event id. At most 50 events a request; rate limited to 10 test events a minute per organization with "
            + "bursts of 50, counting events, not requests (429 with Retry-After).")
        .WithJsonBody<TestEventBodies>()
        .Produces<ResultEnvelope<IReadOnlyList<System.Text.Json.JsonElement>>>(StatusCodes.Status201Created)
        .ProducesErrors(StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status429TooManyRequests)
        .WithExamples("""[ { "event_name": "AuthenticationFailed_v1", "count": 1, "duplicates": false } ]""", StatusCodes.Status201Created,
            Result($"[ {ApiExamples.TestEvent} ]"));

    public static RouteHandlerBuilder DocumentHook(this RouteHandlerBuilder endpoint) => endpoint
        .WithName("InvokeSyncHook")
        .WithSummary("Run a synchronous hook")
        .WithDescription("Calls every active webhook subscribed to the hook (token_minted, identify_user, threat_detection, posture_detection) in "
            + "parallel as jwt, each at most 3 times 100 ms apart, and answers their merged JSON objects. 502 when one failed after its attempts "
            + "or two answered the same key differently: the caller must fail its flow.")
        .WithJsonBody<HookContent>()
        .Produces<ResultEnvelope<System.Text.Json.Nodes.JsonObject>>()
        .ProducesErrors(StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status502BadGateway)
        .WithExamples("""{ "person_id": "0647620e-b32f-727b-8004-3f29d8ec5520" }""", StatusCodes.Status200OK, Result("""{ "roles": ["admin"] }"""));

    public static RouteHandlerBuilder DocumentRedeliver(this RouteHandlerBuilder endpoint) => endpoint
        .WithName("RedeliverDelivery")
        .WithSummary("Send a delivery again now")
        .WithDescription("Queues a new attempt at once, with a fresh retry window; the delivery keeps its ids, so a receiver can recognise it. "
            + "Answers the delivery as it is now: pending (a finished delivery starts over) or retrying (one waiting for its retry, due now).")
        .Produces<ResultEnvelope<DeliveryResource>>(StatusCodes.Status202Accepted)
        .ProducesErrors(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

    public static RouteHandlerBuilder DocumentRecover(this RouteHandlerBuilder endpoint) => endpoint
        .WithName("RecoverWebhook")
        .WithSummary("Requeue every failed delivery of a webhook since a time")
        .WithJsonBody<RecoverBody>()
        .Produces<ResultEnvelope<RedeliveryEndpoints.Recovered>>(StatusCodes.Status202Accepted)
        .ProducesErrors(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType)
        .WithExamples("""{ "since": "2026-11-21T12:00:00Z" }""", StatusCodes.Status202Accepted, Result("""{ "requeued": 3 }"""));

    public static RouteHandlerBuilder DocumentRotateSecret(this RouteHandlerBuilder endpoint) => endpoint
        .WithName("RotateWebhookSecret")
        .WithSummary("Rotate a webhook's signing secret")
        .WithDescription("Replaces the secret (generated when none is given) and answers it in clear, the only time it is shown. For grace "
            + "(default 24h, at most 168h) the old secret keeps signing beside the new one where the format carries two signatures (standard), "
            + "so receivers switch without losing a delivery. jwt webhooks have no secret: rotate the organization's signing key instead.")
        .WithJsonBody<RotateSecretBody>()
        .Produces<ResultEnvelope<RotationEndpoints.RotatedSecret>>()
        .ProducesErrors(StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType)
        .WithExamples("""{ "grace": "24h" }""", StatusCodes.Status200OK,
            Result("""{ "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "previous_secret_expires_at": "2026-11-22T12:00:00.000Z" }"""));

    public static RouteHandlerBuilder DocumentRotateKey(this RouteHandlerBuilder endpoint) => endpoint
        .WithName("RotateSigningKey")
        .WithSummary("Rotate the organization's ES256 signing key")
        .WithDescription("The next key, already published, becomes current and signs from now on; the current key is retired but stays in "
            + "the JWKS for the overlap (default 7 days); a new next key is published. Answers the JWKS as published now.")
        .Produces<ResultEnvelope<Engine.Signing.Jwks.KeySet>>()
        .WithExamples(null, StatusCodes.Status200OK, Result(ApiExamples.Jwks));

    /// <summary>The optional body of <c>POST …/secret/rotate</c>.</summary>
    public sealed record RotateSecretBody(string? Secret, string? Grace);

    /// <summary>The body of <c>POST /test-events</c>: a list of test event descriptions.</summary>
    public sealed class TestEventBodies : List<TestEventBody>;

    /// <summary>One test event description.</summary>
    public sealed record TestEventBody(string EventName, int Count = 1, bool Duplicates = false);

    /// <summary>A sync hook's trigger content: any JSON object.</summary>
    public sealed class HookContent : Dictionary<string, System.Text.Json.JsonElement>;

    /// <summary>The body of <c>POST …/recover</c>.</summary>
    public sealed record RecoverBody(DateTimeOffset Since);

    /// <summary>Error responses with SlashID's errors envelope (400, 401 and 403 are declared once for the whole API group).</summary>
    public static RouteHandlerBuilder ProducesErrors(this RouteHandlerBuilder endpoint, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            endpoint.Produces<ErrorEnvelope>(status);
        }

        return endpoint;
    }

    /// <summary>
    /// Describes the JSON body. Not <c>Accepts&lt;T&gt;()</c>: its metadata makes routing turn other content types away
    /// before the handler, whose 415 names the rule in the errors envelope.
    /// </summary>
    public static RouteHandlerBuilder WithJsonBody<T>(this RouteHandlerBuilder endpoint) =>
        endpoint.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var name = typeof(T).Name;
            context.Document!.AddComponent(name, await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken));
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType> { [Json] = new() { Schema = new OpenApiSchemaReference(name, context.Document) } },
            };
        });

    private static string Result(string json) => $$"""{ "result": {{json}} }""";

    private static RouteHandlerBuilder WithExamples(this RouteHandlerBuilder endpoint, string? request, int status, string response) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (request is not null && operation.RequestBody?.Content?.TryGetValue(Json, out var body) == true)
            {
                body.Example = JsonNode.Parse(request);
            }

            if (operation.Responses?.TryGetValue(status.ToString(), out var answer) == true && answer.Content?.TryGetValue(Json, out var media) == true)
            {
                media.Example = JsonNode.Parse(response);
            }

            return Task.CompletedTask;
        });
}
