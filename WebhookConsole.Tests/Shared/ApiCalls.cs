using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace WebhookConsole.Tests.Shared;

/// <summary>Small helpers for calling the REST API with raw JSON text, exactly as a client writes it.</summary>
public static class ApiCalls
{
    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string path, string? json = null) =>
        client.SendAsync(new HttpRequestMessage(method, path)
        {
            Content = json is null ? null : new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        });

    /// <summary>The response body as JSON (an owned copy, safe to keep).</summary>
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    /// <summary>The <c>result</c> of a SlashID envelope, after checking the status.</summary>
    public static async Task<JsonElement> ReadResultAsync(this HttpResponseMessage response, System.Net.HttpStatusCode expected)
    {
        var body = await response.ReadJsonAsync();
        Assert.True(expected == response.StatusCode, $"expected {expected}, got {response.StatusCode}: {body}");
        return body.GetProperty("result");
    }

    /// <summary>Creates a webhook through the API and subscribes it to <paramref name="eventName"/>; returns the create answer (id, secret in clear).</summary>
    public static async Task<JsonElement> CreateSubscribedWebhookAsync(this HttpClient client, string targetUrl, string format, string eventName = "AuthenticationSucceeded_v1")
    {
        var webhook = await (await client.SendJsonAsync(HttpMethod.Post, "organizations/webhooks",
            JsonSerializer.Serialize(new { target_url = targetUrl, name = $"{format} {targetUrl}", format }))).ReadResultAsync(System.Net.HttpStatusCode.Created);
        await (await client.SendJsonAsync(HttpMethod.Post, $"organizations/webhooks/{webhook.GetProperty("id").GetString()}/triggers",
            JsonSerializer.Serialize(new { trigger_type = "event", trigger_name = eventName }))).ReadResultAsync(System.Net.HttpStatusCode.Created);
        return webhook;
    }
}
