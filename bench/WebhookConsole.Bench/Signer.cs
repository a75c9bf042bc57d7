using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace WebhookConsole.Bench;

/// <summary>The ceiling's and the Quartz peer's own Standard Webhooks signing: the same work per request as the engine's.</summary>
public static class Signer
{
    public static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    private const string Template = """{"id":"ID","type":"AuthenticationSucceeded_v1","created":1763726400,"data":{"event_metadata":{"event_id":"ID","event_name":"AuthenticationSucceeded_v1","event_type":"AuthenticationSucceeded","organization_id":"8f6a1c9e-3a51-4f8e-9d8c-0a2b4c6d8e10","source":2,"timestamp":"2026-11-21T12:00:00Z","is_test_event":false},"analytics_metadata":{"analytics_correlation_id":"3b132de1-3b11-4546-a2fe-521287c4a592"},"authenticated_methods":["email_link"],"browser_metadata":{"window_location":"https://app.example.com/login","user_agent":"mozilla"},"person_id":"0647620e-b32f-727b-8004-3f29d8ec5520"}}""";

    public static byte[] Body(string id) => Encoding.UTF8.GetBytes(Template.Replace("ID", id, StringComparison.Ordinal));

    public static HttpRequestMessage Request(string url, string id, byte[] body)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        byte[] content = [.. Encoding.UTF8.GetBytes($"{id}.{timestamp}."), .. body];
        var signature = HMACSHA256.HashData(Key, content);
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        request.Headers.TryAddWithoutValidation("webhook-id", id);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp);
        request.Headers.TryAddWithoutValidation("webhook-signature", "v1," + Convert.ToBase64String(signature));
        return request;
    }

    public static HttpClient NewClient() => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    });
}
