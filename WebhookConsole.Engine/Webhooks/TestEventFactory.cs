using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace WebhookConsole.Engine.Webhooks;

/// <summary>
/// Makes realistic random event payloads (seed 000's <c>AuthenticationFailed_v1</c> example is the model):
/// <c>event_metadata</c> with <c>is_test_event: true</c>, plus the fields the event type carries.
/// </summary>
public static class TestEventFactory
{
    private static readonly string[] Methods = ["email_link", "webauthn", "password", "otp_via_sms", "oidc"];
    private static readonly string[] FailureReasons = ["no platform authenticator available", "invalid credentials", "link expired"];

    public static string Create(string eventName, Guid eventId, Guid organizationId, DateTimeOffset now)
    {
        var payload = new JsonObject
        {
            ["event_metadata"] = new JsonObject
            {
                ["event_id"] = eventId.ToString(),
                ["event_name"] = eventName,
                ["event_type"] = eventName.EndsWith("_v1", StringComparison.Ordinal) ? eventName[..^3] : eventName,
                ["organization_id"] = organizationId.ToString(),
                ["source"] = 2,
                ["timestamp"] = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ"),
                ["is_test_event"] = true,
            },
            ["analytics_metadata"] = new JsonObject { ["analytics_correlation_id"] = Guid.NewGuid().ToString() },
            ["browser_metadata"] = new JsonObject { ["window_location"] = "https://app.example.com/login", ["user_agent"] = "mozilla" },
            ["person_id"] = Guid.NewGuid().ToString(),
        };

        if (eventName.StartsWith("Authentication", StringComparison.Ordinal))
        {
            payload["authenticated_methods"] = new JsonArray(Pick(Methods));
        }

        if (eventName == "AuthenticationFailed_v1")
        {
            payload["failed_authn_method"] = Pick(Methods);
            payload["failure_reason"] = Pick(FailureReasons);
        }

        return payload.ToJsonString();
    }

    private static string Pick(string[] values) => values[RandomNumberGenerator.GetInt32(values.Length)];
}
