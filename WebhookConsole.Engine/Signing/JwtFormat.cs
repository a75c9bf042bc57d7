using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Signing;

/// <summary>
/// SlashID's wire format: the body is a compact ES256 JWS (<c>application/jwt</c>) whose claims are
/// exactly <c>jti, aud, sub, iss, iat, exp, webhook_id, target_url, trigger_type, trigger_name, trigger_content</c>.
/// Signed afresh at every attempt (a fresh <c>iat</c> and <c>exp = iat + 300 s</c>); <c>jti</c> (the delivery id)
/// and <c>sub</c> (the event id) stay the same across attempts.
/// </summary>
public sealed class JwtFormat : IWireFormat
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public WebhookFormat Format => WebhookFormat.Jwt;

    public OutgoingRequest Build(DeliveryContext context)
    {
        var key = context.SigningKey ?? throw new InvalidOperationException("A jwt delivery needs the organization's signing key.");
        var header = Base64Url.Encode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["alg"] = "ES256", ["kid"] = key.Kid, ["typ"] = "JWT" }));
        var payload = Base64Url.Encode(WriteClaims(context));
        var signingInput = Encoding.ASCII.GetBytes($"{header}.{payload}");
        // JWS ES256 wants the raw r||s signature (IEEE P1363), which is .NET's default for ECDsa.SignData.
        var signature = Base64Url.Encode(key.Key.SignData(signingInput, HashAlgorithmName.SHA256));
        return new OutgoingRequest(Encoding.ASCII.GetBytes($"{header}.{payload}.{signature}"), "application/jwt", []);
    }

    private static byte[] WriteClaims(DeliveryContext context)
    {
        var issuedAt = context.SentAt.ToUnixTimeSeconds();
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("jti", context.DeliveryId);
            json.WriteString("aud", context.Organization.Id);
            json.WriteString("sub", context.Event.Id);
            json.WriteString("iss", context.PublicBaseUrl);
            json.WriteNumber("iat", issuedAt);
            json.WriteNumber("exp", issuedAt + (long)Lifetime.TotalSeconds);
            json.WriteString("webhook_id", context.Webhook.Id);
            json.WriteString("target_url", context.Webhook.TargetUrl);
            json.WriteString("trigger_type", context.Event.TriggerType.ToWire());
            json.WriteString("trigger_name", context.Event.Name);
            json.WritePropertyName("trigger_content");
            json.WriteStoredPayload(context.Event.Payload);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
