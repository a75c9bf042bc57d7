using System.Net;
using System.Text.Json;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Api;

/// <summary>The webhooks API used as SlashID's documentation describes it, against the real app on a real SQLite file.</summary>
public sealed class WebhooksApiTests : IAsyncLifetime
{
    private readonly ConsoleApp app = new();
    private HttpClient client = null!;

    public Task InitializeAsync()
    {
        client = app.CreateApiClient(app.Start());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task SlashIdGuideWalkthrough_CreateAddTriggerListGetPatchDelete_BehavesAsTheGuideSays()
    {
        var created = await CreateAsync("""
            {"target_url": "https://api.example.com/slashid/webhook", "name": "authentication failed",
             "description": "Webhook to receive notifications when someone fails to authenticate",
             "custom_headers": {"X-EXAMPLE": ["something"]}}
            """);
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal("authentication failed", created.GetProperty("name").GetString());
        Assert.Equal("https://api.example.com/slashid/webhook", created.GetProperty("target_url").GetString());
        Assert.Equal("jwt", created.GetProperty("format").GetString());
        Assert.Equal("active", created.GetProperty("status").GetString());
        Assert.Equal("0s", created.GetProperty("timeout").GetString());
        Assert.Equal("""{"X-EXAMPLE":["****"]}""", created.GetProperty("custom_headers").GetRawText());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("secret").ValueKind);
        Assert.Equal(0, created.GetProperty("triggers").GetArrayLength());

        var trigger = """{"trigger_type": "event", "trigger_name": "AuthenticationFailed_v1"}""";
        var added = await (await client.SendJsonAsync(HttpMethod.Post, $"organizations/webhooks/{id}/triggers", trigger)).ReadResultAsync(HttpStatusCode.Created);
        var addedAgain = await (await client.SendJsonAsync(HttpMethod.Post, $"organizations/webhooks/{id}/triggers", trigger)).ReadResultAsync(HttpStatusCode.Created);
        Assert.Equal("AuthenticationFailed_v1", added.GetProperty("trigger_name").GetString());
        Assert.Equal(added.GetRawText(), addedAgain.GetRawText());
        Assert.Equal(1, SqliteFile.Count(app.DatabasePath, "subscriptions"));

        var triggers = await (await client.GetAsync($"organizations/webhooks/{id}/triggers")).ReadResultAsync(HttpStatusCode.OK);
        Assert.Equal("""[{"trigger_type":"event","trigger_name":"AuthenticationFailed_v1"}]""", triggers.GetRawText());

        var fetched = await (await client.GetAsync($"organizations/webhooks/{id}")).ReadResultAsync(HttpStatusCode.OK);
        Assert.Equal(created.GetProperty("created_at").GetString(), fetched.GetProperty("created_at").GetString());
        Assert.Equal(triggers.GetRawText(), fetched.GetProperty("triggers").GetRawText());

        var patched = await (await client.SendJsonAsync(HttpMethod.Patch, $"organizations/webhooks/{id}", """{"description": "Failed logins", "timeout": "500ms"}"""))
            .ReadResultAsync(HttpStatusCode.OK);
        Assert.Equal("Failed logins", patched.GetProperty("description").GetString());
        Assert.Equal("500ms", patched.GetProperty("timeout").GetString());
        Assert.Equal("authentication failed", patched.GetProperty("name").GetString());

        var deleted = await client.DeleteAsync($"organizations/webhooks/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"organizations/webhooks/{id}")).StatusCode);
        Assert.Equal(0, SqliteFile.Count(app.DatabasePath, "webhooks"));
        Assert.Equal(0, SqliteFile.Count(app.DatabasePath, "subscriptions"));
    }

    [Fact]
    public async Task CreateWebhook_Standard_ShowsTheSecretInClearOnceThenMasked()
    {
        var created = await CreateAsync("""{"target_url": "https://hooks.example.com/std", "name": "std", "format": "standard"}""");

        var secret = created.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret);
        Assert.Equal("****" + secret[^4..], created.GetProperty("secret_hint").GetString());
        var fetched = await (await client.GetAsync($"organizations/webhooks/{created.GetProperty("id").GetString()}")).ReadResultAsync(HttpStatusCode.OK);
        Assert.Equal("****" + secret[^4..], fetched.GetProperty("secret").GetString());
        Assert.DoesNotContain(secret, fetched.GetRawText());
    }

    [Fact]
    public async Task CreateWebhook_WebSubWithOwnSecret_StartsInactiveAndNeverReturnsHeaderValues()
    {
        var created = await CreateAsync("""
            {"target_url": "https://hooks.example.com/ws", "name": "ws", "format": "websub", "secret": "a-websub-secret-1234",
             "custom_headers": {"Authorization": ["Bearer top-secret-token"], "X-Two": ["one", "two"]}}
            """);

        Assert.Equal("inactive", created.GetProperty("status").GetString());
        Assert.Equal("a-websub-secret-1234", created.GetProperty("secret").GetString());
        Assert.Equal(0, created.GetProperty("verifications").GetArrayLength());
        Assert.Equal("""{"Authorization":["****"],"X-Two":["****","****"]}""", created.GetProperty("custom_headers").GetRawText());
        var list = await (await client.GetAsync("organizations/webhooks")).ReadJsonAsync();
        Assert.DoesNotContain("top-secret-token", list.GetRawText());
        Assert.DoesNotContain("a-websub-secret-1234", list.GetRawText());
    }

    [Theory]
    [InlineData(null, "0s")]
    [InlineData("\"0\"", "0s")]
    [InlineData("\"500ms\"", "500ms")]
    [InlineData("\"0.5s\"", "500ms")]
    [InlineData("\"1.5s\"", "1.5s")]
    [InlineData("\"10s\"", "10s")]
    [InlineData("\"20000ms\"", "20s")]
    public async Task CreateWebhook_Timeout_IsShownTheGoWay(string? timeout, string shown)
    {
        var extra = timeout is null ? "" : $", \"timeout\": {timeout}";

        var created = await CreateAsync($$"""{"target_url": "https://hooks.example.com/t", "name": "t"{{extra}}}""");

        Assert.Equal(shown, created.GetProperty("timeout").GetString());
    }

    [Fact]
    public async Task ListWebhooks_LimitAndOffset_PagesOldestFirstWithTotalCount()
    {
        foreach (var name in new[] { "first", "second", "third" })
        {
            await CreateAsync($$"""{"target_url": "https://hooks.example.com/{{name}}", "name": "{{name}}"}""");
        }

        var firstPage = await (await client.GetAsync("organizations/webhooks?limit=2")).ReadJsonAsync();
        var lastPage = await (await client.GetAsync("organizations/webhooks?limit=2&offset=2")).ReadJsonAsync();
        var defaults = await (await client.GetAsync("organizations/webhooks")).ReadJsonAsync();

        Assert.Equal(["first", "second"], Names(firstPage));
        Assert.Equal("""{"limit":2,"offset":0,"total_count":3}""", firstPage.GetProperty("meta").GetProperty("pagination").GetRawText());
        Assert.Equal(["third"], Names(lastPage));
        Assert.Equal("""{"limit":2,"offset":2,"total_count":3}""", lastPage.GetProperty("meta").GetProperty("pagination").GetRawText());
        Assert.Equal("""{"limit":50,"offset":0,"total_count":3}""", defaults.GetProperty("meta").GetProperty("pagination").GetRawText());
    }

    [Fact]
    public async Task RemoveTrigger_ExistingAndMissing_Answers204AndRemovesOnlyThatOne()
    {
        var id = (await CreateAsync("""{"target_url": "https://hooks.example.com/tr", "name": "tr"}""")).GetProperty("id").GetString();
        await client.SendJsonAsync(HttpMethod.Post, $"organizations/webhooks/{id}/triggers", """{"trigger_type": "event", "trigger_name": "PersonCreated_v1"}""");
        await client.SendJsonAsync(HttpMethod.Post, $"organizations/webhooks/{id}/triggers", """{"trigger_type": "sync_hook", "trigger_name": "token_minted"}""");

        var removed = await client.DeleteAsync($"organizations/webhooks/{id}/triggers?trigger_type=event&trigger_name=PersonCreated_v1");
        var removedAgain = await client.DeleteAsync($"organizations/webhooks/{id}/triggers?trigger_type=event&trigger_name=PersonCreated_v1");

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, removedAgain.StatusCode);
        var triggers = await (await client.GetAsync($"organizations/webhooks/{id}/triggers")).ReadResultAsync(HttpStatusCode.OK);
        Assert.Equal("""[{"trigger_type":"sync_hook","trigger_name":"token_minted"}]""", triggers.GetRawText());
    }

    [Fact]
    public async Task DeactivateAndActivate_JwtWebhook_SwitchAtOnce()
    {
        var id = (await CreateAsync("""{"target_url": "https://hooks.example.com/sw", "name": "sw"}""")).GetProperty("id").GetString();

        var off = await (await client.PostAsync($"organizations/webhooks/{id}/deactivate", null)).ReadResultAsync(HttpStatusCode.OK);
        var on = await (await client.PostAsync($"organizations/webhooks/{id}/activate", null)).ReadResultAsync(HttpStatusCode.OK);

        Assert.Equal("inactive", off.GetProperty("status").GetString());
        Assert.Equal("active", on.GetProperty("status").GetString());
        Assert.False(on.TryGetProperty("verifications", out _));
    }

    [Theory]
    [InlineData("local_region", "1")]
    [InlineData("all_regions", "120")]
    [InlineData("all_regions", "30")]
    public async Task AnyRoute_AllowedConsistencyHeaders_AreAccepted(string level, string timeout)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "organizations/webhooks");
        request.Headers.Add("SlashID-Required-Consistency", level);
        request.Headers.Add("SlashID-Required-Consistency-Timeout", timeout);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task GetDelivery_BrowserNavigationOrApiClient_GetsTheConsolePageOrTheApi()
    {
        var path = $"deliveries/{Guid.NewGuid()}";
        using var browser = new HttpClient { BaseAddress = client.BaseAddress };
        using var navigation = new HttpRequestMessage(HttpMethod.Get, path);
        navigation.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");

        var page = await browser.SendAsync(navigation);
        var api = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("/login", page.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("Log in", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Contains("No delivery with this id exists", (await api.ReadJsonAsync()).GetRawText());
    }

    private async Task<JsonElement> CreateAsync(string body) =>
        await (await client.SendJsonAsync(HttpMethod.Post, "organizations/webhooks", body)).ReadResultAsync(HttpStatusCode.Created);

    private static List<string> Names(JsonElement page) =>
        page.GetProperty("result").EnumerateArray().Select(w => w.GetProperty("name").GetString()!).ToList();
}
