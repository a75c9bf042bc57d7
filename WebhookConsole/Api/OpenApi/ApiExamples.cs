using System.Text.Json.Nodes;

namespace WebhookConsole.Api.OpenApi;

/// <summary>Examples for the OpenAPI document, taken from SlashID's webhooks guide where it has one.</summary>
internal static class ApiExamples
{
    public const string CreateWebhookRequest = """
        {
          "target_url": "https://api.example.com/slashid/webhook",
          "name": "authentication failed",
          "description": "Webhook to receive notifications when someone fails to authenticate",
          "custom_headers": { "X-EXAMPLE": ["something"] },
          "timeout": "10s",
          "max_in_flight": 8,
          "rate_limit_per_second": 50,
          "ordering": "none"
        }
        """;

    public const string Webhook = """
        {
          "id": "16475b49-2b12-78d7-9012-cfe0e174dcd3",
          "name": "authentication failed",
          "description": "Webhook to receive notifications when someone fails to authenticate",
          "target_url": "https://api.example.com/slashid/webhook",
          "format": "jwt",
          "status": "active",
          "secret": null,
          "secret_hint": null,
          "custom_headers": { "X-EXAMPLE": ["****"] },
          "timeout": "10s",
          "max_in_flight": 8,
          "rate_limit_per_second": 50,
          "ordering": "none",
          "circuit": { "state": "open", "since": "2023-05-30T16:20:03.000Z", "next_probe_at": "2023-05-30T16:21:03.000Z" },
          "triggers": [ { "trigger_type": "event", "trigger_name": "AuthenticationFailed_v1" } ],
          "created_at": "2023-05-30T16:14:40+00:00",
          "updated_at": "2023-05-30T16:14:40+00:00"
        }
        """;

    public const string WebSubWebhook = """
        {
          "id": "0647620e-ae30-7d18-8800-cf6732b6b007",
          "name": "logins",
          "description": "",
          "target_url": "https://hooks.example.com/asgardeo",
          "format": "websub",
          "status": "activating",
          "secret": "****a1b2",
          "secret_hint": "****a1b2",
          "custom_headers": {},
          "timeout": "0s",
          "max_in_flight": null,
          "rate_limit_per_second": null,
          "ordering": "fifo",
          "circuit": { "state": "closed", "since": null, "next_probe_at": null },
          "triggers": [ { "trigger_type": "event", "trigger_name": "AuthenticationSucceeded_v1" } ],
          "verifications": [ { "channel": "login", "state": "subscription_pending", "error": null, "last_attempt_at": null, "lease_expires_at": null } ],
          "created_at": "2025-07-05T08:45:49+00:00",
          "updated_at": "2025-07-05T08:46:02+00:00"
        }
        """;

    public const string UpdateWebhookRequest = """{ "description": "Failed logins, for the fraud team", "timeout": "500ms", "rate_limit_per_second": null }""";

    /// <summary>SlashID's JWKS example.</summary>
    public const string Jwks = """{ "keys": [ { "alg": "ES256", "crv": "P-256", "key_ops": ["verify"], "kid": "WOJ_pw", "kty": "EC", "use": "sig", "x": "whqB4q7Jap4zxPr-dmdl7u3SsA7KrQ3aM", "y": "Gc35SgXrAbImsiYLfl-M4hSgjGex22M" } ] }""";

    /// <summary>SlashID's AuthenticationFailed_v1 test event.</summary>
    public const string TestEvent = """{ "analytics_metadata": { "analytics_correlation_id": "3b132de1-3b11-4546-a2fe-521287c4a592" }, "authenticated_methods": ["email_link"], "browser_metadata": { "window_location": "https://app.example.com/login", "user_agent": "mozilla" }, "event_metadata": { "is_test_event": true, "event_id": "68a850ca-b2ee-46ce-8592-410813037739", "event_name": "AuthenticationFailed_v1", "event_type": "AuthenticationFailed", "organization_id": "af5fbd30-7ce7-4548-8b30-4cd59cb2aba1", "source": 2, "timestamp": "2023-05-30T16:14:40Z" }, "failed_authn_method": "webauthn", "failure_reason": "no platform authenticator available", "person_id": "0647620e-b32f-727b-8004-3f29d8ec5520" }""";

    public const string Trigger = """{ "trigger_type": "event", "trigger_name": "AuthenticationFailed_v1" }""";

    public const string Triggers = """[ { "trigger_type": "event", "trigger_name": "AuthenticationFailed_v1" } ]""";

    public const string Delivery = """
        {
          "id": "0197d9a1-1a2b-7c3d-8e4f-5a6b7c8d9e0f",
          "event_id": "68a850ca-b2ee-46ce-8592-410813037739",
          "event_name": "AuthenticationFailed_v1",
          "is_test_event": true,
          "webhook_id": "0647620e-ae30-7d18-8800-cf6732b6b007",
          "status": "succeeded",
          "attempt_count": 1,
          "last_response_status": 200,
          "last_error": null,
          "created_at": "2023-05-30T16:14:40+00:00",
          "next_attempt_at": "2023-05-30T16:14:40+00:00",
          "completed_at": "2023-05-30T16:14:41+00:00"
        }
        """;

    public const string Attempt = """
        {
          "number": 1,
          "started_at": "2023-05-30T16:14:40+00:00",
          "duration_ms": 87,
          "request": {
            "url": "https://hooks.example.com/asgardeo",
            "headers": { "Content-Type": ["application/json"], "User-Agent": ["WebhookConsole/0.1.0"], "X-EXAMPLE": ["****"], "x-hub-signature": ["sha256=6f2c…"] },
            "body": "{\"iss\":\"https://hub.example.com/t/myorg\",\"jti\":\"0197d9a1-1a2b-7c3d-8e4f-5a6b7c8d9e0f\",…}"
          },
          "response": { "status": 200, "headers": { "Content-Type": ["text/plain"] }, "body": "ok" },
          "error": null,
          "error_message": null
        }
        """;

    public static string DeliveryWithAttempt()
    {
        var delivery = JsonNode.Parse(Delivery)!;
        delivery["waiting_reason"] = null;
        delivery["attempts"] = new JsonArray(JsonNode.Parse(Attempt));
        return delivery.ToJsonString();
    }

    /// <summary>One example message per error status; each real message names the field or header and the rule.</summary>
    public static string Error(int status) => status switch
    {
        400 => "The target URL must use HTTPS.",
        401 => "The SlashID-API-Key header is required.",
        403 => "The API key does not belong to the organization named in SlashID-OrgID.",
        404 => "No webhook with this id exists in this organization.",
        409 => "The target URL is already used by another webhook of this organization.",
        413 => "The request body must be at most 256 KiB.",
        415 => "The request body must be JSON (Content-Type: application/json).",
        429 => "Too many requests for this organization; retry after the number of seconds in Retry-After.",
        _ => "The request failed.",
    };
}
