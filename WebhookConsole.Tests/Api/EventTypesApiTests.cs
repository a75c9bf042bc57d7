using System.Net;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Api;

/// <summary>The event catalog over the API, and schema enforcement at publish when <c>Events:ValidatePayloads</c> is on.</summary>
public sealed class EventTypesApiTests() : RunningConsoleApp(new Dictionary<string, string?> { ["Events:ValidatePayloads"] = "true" })
{
    [Fact]
    public async Task GetEventTypes_ListsEveryTypeWithChannelAndDescription()
    {
        using var client = App.CreateApiClient(BaseAddress);

        var types = await (await client.GetAsync("event-types")).ReadResultAsync(HttpStatusCode.OK);

        Assert.Equal(33, types.GetArrayLength());
        var failed = types.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "AuthenticationFailed_v1");
        Assert.Equal("login", failed.GetProperty("channel").GetString());
        Assert.Equal("AuthenticationFailed", failed.GetProperty("event_type").GetString());
        Assert.Equal("https://schemas.identity.wso2.org/events/login/event-type/loginFailed", failed.GetProperty("event_uri").GetString());
    }

    [Fact]
    public async Task GetEventType_KnownName_AnswersItsSchemaAndAnExampleThatPublishes()
    {
        using var client = App.CreateApiClient(BaseAddress);

        var type = await (await client.GetAsync("event-types/AuthenticationFailed_v1")).ReadResultAsync(HttpStatusCode.OK);
        var example = type.GetProperty("example");
        var published = await client.SendJsonAsync(HttpMethod.Post, "events", $$"""{"event_name":"AuthenticationFailed_v1","payload":{{example.GetRawText()}}}""");

        Assert.Equal("https://json-schema.org/draft/2020-12/schema", type.GetProperty("schema").GetProperty("$schema").GetString());
        Assert.Equal(App.OrganizationId.ToString(), example.GetProperty("event_metadata").GetProperty("organization_id").GetString());
        Assert.Equal(HttpStatusCode.Accepted, published.StatusCode);
    }

    [Fact]
    public async Task GetEventType_UnknownName_Answers404()
    {
        using var client = App.CreateApiClient(BaseAddress);

        var response = await client.GetAsync("event-types/LoginHappened_v9");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("No event type is named 'LoginHappened_v9'", (await response.ReadJsonAsync()).GetRawText());
    }

    [Fact]
    public async Task PostEvent_PayloadBreaksItsSchema_Answers400NamingTheJsonPath()
    {
        using var client = App.CreateApiClient(BaseAddress);

        var response = await client.SendJsonAsync(HttpMethod.Post, "events",
            """{"event_name":"AuthenticationFailed_v1","payload":{"person_id":"p1","failed_authn_method":"webauthn","failure_reason":"x","browser_metadata":{"user_agent":42}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("payload.browser_metadata.user_agent", (await response.ReadJsonAsync()).GetRawText());
        Assert.Equal(0, SqliteFile.Count(App.DatabasePath, "events"));
    }
}
