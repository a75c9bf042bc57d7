using System.Text.Json;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Signing;

namespace WebhookConsole.Tests.Engine.Receiving;

/// <summary>Requests signed by the engine's own wire formats, for the receiving side's tests.</summary>
internal static class SignedRequests
{
    public const string PublicBaseUrl = "https://hub.example.test";
    public const string TargetUrl = "https://api.example.com/webhook";

    public static readonly DateTimeOffset SentAt = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    public static DeliveryContext Context(
        string eventName,
        string payload,
        string? secret = null,
        string? previousSecret = null,
        EcSigningKey? key = null,
        Organization? organization = null)
    {
        organization ??= new Organization { Id = Guid.NewGuid(), Handle = "myorg", Name = "My org" };
        var evt = new WebhookEvent { Id = Guid.NewGuid(), OrganizationId = organization.Id, Name = eventName, Payload = payload, ReceivedAt = SentAt };
        var webhook = new Webhook { Id = Guid.NewGuid(), Name = "receiver", TargetUrl = TargetUrl };
        return new DeliveryContext(Guid.NewGuid(), evt, webhook, organization, secret, PublicBaseUrl, SentAt, previousSecret, key);
    }

    /// <summary>The request's headers in an ordinal dictionary, so lookups the verifier makes must not rely on its comparer.</summary>
    public static Dictionary<string, string> Headers(OutgoingRequest request) =>
        request.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.Ordinal);

    public static string Header(OutgoingRequest request, string name) =>
        request.Headers.Single(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>The JWKS as the API serves it (snake_case: <c>key_ops</c>).</summary>
    public static string JwksJson(IEnumerable<SigningKey> keys) =>
        JsonSerializer.Serialize(Jwks.From(keys), new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower });
}
