using WebhookConsole.Audit;
using static WebhookConsole.Api.ApiResults;

namespace WebhookConsole.Api.OpenApi;

/// <summary>What the OpenAPI document says about the audit log's routes.</summary>
internal static partial class EndpointDocumentation
{
    private const string AuditEntryExample = """
        {
          "id": "0197d9a1-1a2b-7c3d-8e4f-5a6b7c8d9e0f",
          "organization_id": "af5fbd30-7ce7-4548-8b30-4cd59cb2aba1",
          "sequence": 42,
          "occurred_at": "2026-12-02T10:15:30.123Z",
          "actor": { "type": "api_key", "id": "0197d99f-0c1d-7e2f-8a3b-4c5d6e7f8a9b", "name": "Identity system", "address": "203.0.113.7" },
          "action": "webhook.updated",
          "target": { "type": "webhook", "id": "0647620e-ae30-7d18-8800-cf6732b6b007", "name": "Login events" },
          "outcome": "success",
          "details": { "changes": { "target_url": { "old": "https://old.example.com/hooks", "new": "https://new.example.com/hooks" }, "custom_headers": { "names_before": ["X-Tenant"], "names_after": ["X-Tenant"], "values": "replaced" } } },
          "previous_hash": "5f1c2d0e9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d",
          "hash": "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d"
        }
        """;

    public static RouteHandlerBuilder DocumentListAuditLog(this RouteHandlerBuilder endpoint) => endpoint
        .WithName("ListAuditLog")
        .WithSummary("List the organization's audit log, newest first")
        .WithDescription("Every change made through the console, this API, the platform API or a portal link: when, who (operator, API key, "
            + "platform key or portal link, by name and id, and the address), the action (webhook.created, webhook.updated with the fields "
            + "changed, secret.rotated, api_key.revoked, operator.role_changed, sign_in.failed ...), the target (type, id, name), the outcome "
            + "and the hash chain (previous_hash, hash). Never a secret, header value, API key or payload. Filters: actor (part of its name, "
            + "or its id), action (exact, or a prefix ending in a dot such as webhook.), target (its id, or part of its name), from "
            + "(inclusive) and to (exclusive) as RFC 3339 times. limit: 1 to 500, default 50; pass meta.next_cursor as cursor, with the same "
            + "filters, for the next page. format=jsonl, or Accept: application/x-ndjson, answers every matching entry as JSON lines instead.")
        .Produces<PageEnvelope<AuditEntryResource, CursorMeta>>()
        .Produces(StatusCodes.Status200OK, contentType: AuditExport.ContentType)
        .WithExamples(null, StatusCodes.Status200OK, $$"""{ "result": [ {{AuditEntryExample}} ], "meta": { "next_cursor": "42" } }""");

    public static RouteHandlerBuilder DocumentVerifyAuditLog(this RouteHandlerBuilder endpoint) => endpoint
        .WithName("VerifyAuditLog")
        .WithSummary("Verify the audit log's hash chain")
        .WithDescription("Walks the organization's chain from its anchor (the last entry the retention purge deleted) to its newest entry: "
            + "each entry must follow the previous one in sequence, carry its hash, and hash to what it stores. ok is true when the chain is "
            + "unbroken; otherwise broken_entry_id, broken_sequence and reason name the first entry that fails and why.")
        .Produces<ResultEnvelope<AuditVerificationResource>>()
        .WithExamples(null, StatusCodes.Status200OK, Result("""
            { "ok": false, "checked": 6, "from_sequence": 1, "to_sequence": 6, "broken_entry_id": "0197d9a1-1a2b-7c3d-8e4f-5a6b7c8d9e0f", "broken_sequence": 7, "reason": "Entry 7 was changed after it was written: its content no longer matches its hash." }
            """));
}
