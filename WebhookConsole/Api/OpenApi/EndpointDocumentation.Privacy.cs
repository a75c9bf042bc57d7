using static WebhookConsole.Api.ApiResults;

namespace WebhookConsole.Api.OpenApi;

/// <summary>The privacy routes: erasure by subject and the organization's retention.</summary>
internal static partial class EndpointDocumentation
{
    public static RouteHandlerBuilder DocumentErasure(this RouteHandlerBuilder endpoint) => endpoint
        .WithName("EraseSubject")
        .WithSummary("Erase everything the organization's events hold about one person")
        .WithDescription("Finds every event that mentions the subject (a person id, or a JSON path and its value), removes the event payloads and the "
            + "request and response bodies of their attempts, keeps the deliveries' status, times and ids marked erased, and cancels deliveries not "
            + "sent yet. One transaction; a second run finds nothing. Person ids, emails and phone numbers are found through an index; another path "
            + "reads every event of the organization (lookup: scan). Admin keys only. What receivers already got cannot be recalled.")
        .WithJsonBody<ErasureBody>()
        .Produces<ResultEnvelope<PrivacyEndpoints.ErasureResource>>()
        .ProducesErrors(StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType)
        .WithExamples("""{ "path": "$.claims.email", "value": "a@example.com" }""", StatusCodes.Status200OK,
            Result("""{ "events": 12, "deliveries": 24, "attempts": 31, "cancelled": 2, "erased_at": "2026-11-21T12:00:00.000Z", "duration_ms": 41, "lookup": "index" }"""));

    public static RouteHandlerBuilder DocumentGetRetention(this RouteHandlerBuilder endpoint) => endpoint
        .WithName("GetRetention")
        .WithSummary("How long the organization's deliveries and bodies are kept")
        .WithDescription("Its own windows in days (null: the hub's Delivery:Retention), the default, and the windows that apply.")
        .Produces<ResultEnvelope<PrivacyEndpoints.RetentionResource>>()
        .ProducesErrors(StatusCodes.Status404NotFound);

    public static RouteHandlerBuilder DocumentUpdateRetention(this RouteHandlerBuilder endpoint) => endpoint
        .WithName("UpdateRetention")
        .WithSummary("Set how long the organization's deliveries and bodies are kept")
        .WithDescription("event_retention_days: finished deliveries, their attempts and events; body_retention_days: the attempts' request and response "
            + "bodies, at most event_retention_days (the rows stay, the delivery says the bodies were removed). A field left out stays; null goes back "
            + "to the default. The hourly RetentionPurge job applies them.")
        .WithJsonBody<RetentionBody>()
        .Produces<ResultEnvelope<PrivacyEndpoints.RetentionResource>>()
        .ProducesErrors(StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType)
        .WithExamples("""{ "event_retention_days": 90, "body_retention_days": 7 }""", StatusCodes.Status200OK,
            Result("""{ "event_retention_days": 90, "body_retention_days": 7, "default_retention_days": 30, "effective_event_retention_days": 90, "effective_body_retention_days": 7 }"""));
}
