using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Api;

/// <summary><c>POST /events</c> against the real app on a real SQLite file: every bad input names its problem and stores nothing.</summary>
public sealed class EventsApiTests : RunningConsoleApp
{
    [Fact]
    public async Task PostEvent_ValidEvent_Answers202WithTheStoredEventId()
    {
        using var client = App.CreateApiClient(BaseAddress);

        var response = await client.PostAsJsonAsync("events", new { event_name = "AuthenticationSucceeded_v1", payload = new { person_id = "p1" } });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var id = Guid.Parse(body.RootElement.GetProperty("result").GetProperty("id").GetString()!);
        Assert.Equal(1, Count("events"));
        Assert.Equal(1L, Scalar($"SELECT COUNT(*) FROM events WHERE \"Id\" = {SqliteFile.IdLiteral(id)}"));
    }

    public static TheoryData<string, string?, string?, string, string, HttpStatusCode, string> BadRequests => new()
    {
        { "no organization header", null, ConsoleApp.ApiKey, "application/json", """{"event_name":"AuthenticationSucceeded_v1"}""", HttpStatusCode.BadRequest, "SlashID-OrgID header is required" },
        { "organization not a UUID", "myorg", ConsoleApp.ApiKey, "application/json", """{"event_name":"AuthenticationSucceeded_v1"}""", HttpStatusCode.BadRequest, "must be an organization id" },
        { "no API key", "{org}", null, "application/json", """{"event_name":"AuthenticationSucceeded_v1"}""", HttpStatusCode.Unauthorized, "SlashID-API-Key header is required" },
        { "wrong API key", "{org}", "whc_wrong", "application/json", """{"event_name":"AuthenticationSucceeded_v1"}""", HttpStatusCode.Unauthorized, "does not hold a valid API key" },
        { "key of another organization", "{other}", ConsoleApp.ApiKey, "application/json", """{"event_name":"AuthenticationSucceeded_v1"}""", HttpStatusCode.Forbidden, "does not belong to the organization" },
        { "unknown event", "{org}", ConsoleApp.ApiKey, "application/json", """{"event_name":"LoginHappened_v9"}""", HttpStatusCode.BadRequest, "'LoginHappened_v9' is not a known event trigger" },
        { "missing event name", "{org}", ConsoleApp.ApiKey, "application/json", """{"payload":{}}""", HttpStatusCode.BadRequest, "event name is required" },
        { "event name not a string", "{org}", ConsoleApp.ApiKey, "application/json", """{"event_name":42}""", HttpStatusCode.BadRequest, "event_name field must be a string" },
        { "payload not an object", "{org}", ConsoleApp.ApiKey, "application/json", """{"event_name":"AuthenticationSucceeded_v1","payload":[1]}""", HttpStatusCode.BadRequest, "payload field must be a JSON object" },
        { "body not an object", "{org}", ConsoleApp.ApiKey, "application/json", "[]", HttpStatusCode.BadRequest, "must be a JSON object" },
        { "malformed JSON", "{org}", ConsoleApp.ApiKey, "application/json", """{"event_name":""", HttpStatusCode.BadRequest, "not valid JSON" },
        { "wrong content type", "{org}", ConsoleApp.ApiKey, "text/plain", """{"event_name":"AuthenticationSucceeded_v1"}""", HttpStatusCode.UnsupportedMediaType, "must be JSON" },
        { "oversized body", "{org}", ConsoleApp.ApiKey, "application/json", "{\"event_name\":\"AuthenticationSucceeded_v1\",\"payload\":{\"x\":\"" + new string('a', 300 * 1024) + "\"}}", HttpStatusCode.RequestEntityTooLarge, "at most 256 KiB" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task PostEvent_BadRequest_AnswersWithTheRuleAndStoresNothing(
        string scenario, string? organization, string? apiKey, string contentType, string body, HttpStatusCode status, string message)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "events") { Content = new StringContent(body, Encoding.UTF8, contentType) };
        if (organization is not null)
        {
            request.Headers.Add("SlashID-OrgID", organization.Replace("{org}", App.OrganizationId.ToString()).Replace("{other}", Guid.NewGuid().ToString()));
        }

        if (apiKey is not null)
        {
            request.Headers.Add("SlashID-API-Key", apiKey);
        }

        var response = await client.SendAsync(request);

        Assert.True(status == response.StatusCode, $"{scenario}: expected {status}, got {response.StatusCode}");
        using var envelope = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = Assert.Single(envelope.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal((int)status, error.GetProperty("httpcode").GetInt32());
        Assert.Contains(message, error.GetProperty("message").GetString());
        Assert.Equal(0, Count("events"));
        Assert.Equal(0, Count("deliveries"));
    }

    private int Count(string table) => SqliteFile.Count(App.DatabasePath, table);

    private object? Scalar(string sql) => SqliteFile.Scalar(App.DatabasePath, sql);
}
