using System.Net;
using System.Text.Json;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Api;

/// <summary>
/// A websub webhook driven through the API against a real receiver: verification of intent, deletion only when
/// off (Asgardeo's WebSub guide), and the delivery log with its filters, cursor and attempts.
/// </summary>
public sealed class WebSubApiFlowTests : IAsyncLifetime
{
    private readonly ConsoleApp app = new();
    private TestReceiver receiver = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        client = app.CreateApiClient(app.Start());
        receiver = await TestReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await receiver.DisposeAsync();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task Activate_ReceiverEchoesChallenge_ShowsSubscriptionAcceptedAndDeleteWaitsForDeactivation()
    {
        using var changes = new EngineChanges(app.Services);
        var id = await CreateWebSubAsync();

        var activating = await (await client.PostAsync($"organizations/webhooks/{id}/activate", null)).ReadResultAsync(HttpStatusCode.Accepted);
        Assert.Equal("activating", activating.GetProperty("status").GetString());
        Assert.Equal("subscription_pending", Verification(activating).GetProperty("state").GetString());
        var subscribe = await receiver.NextVerificationAsync();
        await changes.NextAsync(EngineChangeKind.VerificationFinished, id);

        Assert.Equal("subscribe", subscribe.Query["hub.mode"]);
        var active = await GetAsync(id);
        Assert.Equal("active", active.GetProperty("status").GetString());
        var verification = Verification(active);
        Assert.Equal("login", verification.GetProperty("channel").GetString());
        Assert.Equal("subscription_accepted", verification.GetProperty("state").GetString());

        var refused = await client.DeleteAsync($"organizations/webhooks/{id}");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("Switch the webhook off before deleting it", (await refused.ReadJsonAsync()).GetRawText());
        var urlChange = await client.SendJsonAsync(HttpMethod.Patch, $"organizations/webhooks/{id}", """{"target_url": "https://elsewhere.example.com/hook"}""");
        Assert.Equal(HttpStatusCode.Conflict, urlChange.StatusCode);

        var deactivating = await (await client.PostAsync($"organizations/webhooks/{id}/deactivate", null)).ReadResultAsync(HttpStatusCode.Accepted);
        Assert.Equal("unsubscription_pending", Verification(deactivating).GetProperty("state").GetString());
        Assert.Equal("unsubscribe", (await receiver.NextVerificationAsync()).Query["hub.mode"]);
        await changes.NextAsync(EngineChangeKind.VerificationFinished, id);
        Assert.Equal("inactive", (await GetAsync(id)).GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"organizations/webhooks/{id}")).StatusCode);
        Assert.Equal(0, SqliteFile.Count(app.DatabasePath, "webhooks"));
    }

    [Fact]
    public async Task ResendVerification_AfterTheReceiverFailed_ActivatesOnceItConfirms()
    {
        using var changes = new EngineChanges(app.Services);
        receiver.AnswerVerification = _ => (500, "down");
        var id = await CreateWebSubAsync();
        await client.PostAsync($"organizations/webhooks/{id}/activate", null);
        await changes.NextAsync(EngineChangeKind.VerificationFinished, id);
        var failed = await GetAsync(id);
        Assert.Equal("inactive", failed.GetProperty("status").GetString());
        Assert.Equal("subscription_error", Verification(failed).GetProperty("state").GetString());
        Assert.Contains("500", Verification(failed).GetProperty("error").GetString());

        receiver.AnswerVerification = challenge => (200, challenge);
        var resent = await (await client.PostAsync($"organizations/webhooks/{id}/verification/resend", null)).ReadResultAsync(HttpStatusCode.Accepted);
        await changes.NextAsync(EngineChangeKind.VerificationFinished, id);

        Assert.Equal("activating", resent.GetProperty("status").GetString());
        Assert.Equal("active", (await GetAsync(id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Deactivate_ActiveWebSubWithoutTriggersLeft_SwitchesOffAtOnce()
    {
        using var changes = new EngineChanges(app.Services);
        var id = await CreateWebSubAsync();
        await client.PostAsync($"organizations/webhooks/{id}/activate", null);
        await changes.NextAsync(EngineChangeKind.VerificationFinished, id);
        await client.DeleteAsync($"organizations/webhooks/{id}/triggers?trigger_type=event&trigger_name=AuthenticationSucceeded_v1");

        var off = await (await client.PostAsync($"organizations/webhooks/{id}/deactivate", null)).ReadResultAsync(HttpStatusCode.OK);

        Assert.Equal("inactive", off.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"organizations/webhooks/{id}")).StatusCode);
    }

    [Fact]
    public async Task ListDeliveries_ThreeEvents_PagesByCursorFiltersAndShowsAttempts()
    {
        using var changes = new EngineChanges(app.Services);
        var id = await CreateWebSubAsync();
        await client.SendJsonAsync(HttpMethod.Post, $"organizations/webhooks/{id}/triggers", """{"trigger_type": "event", "trigger_name": "AuthenticationFailed_v1"}""");
        await client.PostAsync($"organizations/webhooks/{id}/activate", null);
        await changes.NextAsync(EngineChangeKind.VerificationFinished, id);
        var first = await PublishAndWaitAsync(changes, id, "AuthenticationSucceeded_v1");
        receiver.PostStatuses.Enqueue(500);
        var second = await PublishAndWaitAsync(changes, id, "AuthenticationFailed_v1");
        var third = await PublishAndWaitAsync(changes, id, "AuthenticationSucceeded_v1");

        var page1 = await ListAsync(id, "limit=2");
        var page2 = await ListAsync(id, $"limit=2&cursor={page1.GetProperty("meta").GetProperty("next_cursor").GetString()}");
        Assert.Equal([third, second], Ids(page1));
        Assert.Equal([first], Ids(page2));
        Assert.Equal(JsonValueKind.Null, page2.GetProperty("meta").GetProperty("next_cursor").ValueKind);
        Assert.Equal([second], Ids(await ListAsync(id, "status=retrying")));
        Assert.Equal([third, first], Ids(await ListAsync(id, "status=succeeded")));
        Assert.Equal([third, first], Ids(await ListAsync(id, "event_name=AuthenticationSucceeded_v1")));
        Assert.Empty(Ids(await ListAsync(id, "since=2100-01-01T00:00:00Z")));
        Assert.Equal([third, second, first], Ids(await ListAsync(id, "since=2000-01-01T00:00:00Z&until=2100-01-01T00:00:00Z")));

        var succeeded = await (await client.GetAsync($"deliveries/{first}")).ReadResultAsync(HttpStatusCode.OK);
        var post = receiver.AllPosts.Single(p => p.BodyText.Contains(first, StringComparison.Ordinal));
        var attempt = Assert.Single(succeeded.GetProperty("attempts").EnumerateArray());
        Assert.Equal("succeeded", succeeded.GetProperty("status").GetString());
        Assert.Equal(receiver.Url, attempt.GetProperty("request").GetProperty("url").GetString());
        Assert.Equal(post.BodyText, attempt.GetProperty("request").GetProperty("body").GetString());
        Assert.Equal(post.Headers["x-hub-signature"], attempt.GetProperty("request").GetProperty("headers").GetProperty("x-hub-signature")[0].GetString());
        Assert.Equal(200, attempt.GetProperty("response").GetProperty("status").GetInt32());
        Assert.Equal("received", attempt.GetProperty("response").GetProperty("body").GetString());
        Assert.True(attempt.GetProperty("duration_ms").GetInt64() >= 0);
        Assert.Equal(JsonValueKind.Null, attempt.GetProperty("error").ValueKind);

        var retrying = await (await client.GetAsync($"deliveries/{second}")).ReadResultAsync(HttpStatusCode.OK);
        var failedAttempt = Assert.Single(retrying.GetProperty("attempts").EnumerateArray());
        Assert.Equal("retrying", retrying.GetProperty("status").GetString());
        Assert.Equal(500, failedAttempt.GetProperty("response").GetProperty("status").GetInt32());
        Assert.Equal("non_success_status", failedAttempt.GetProperty("error").GetString());
    }

    private async Task<Guid> CreateWebSubAsync()
    {
        var created = await (await client.SendJsonAsync(HttpMethod.Post, "organizations/webhooks",
            $$"""{"target_url": "{{receiver.Url}}", "name": "receiver", "format": "websub"}""")).ReadResultAsync(HttpStatusCode.Created);
        receiver.Secret = created.GetProperty("secret").GetString();
        var id = created.GetProperty("id").GetGuid();
        await client.SendJsonAsync(HttpMethod.Post, $"organizations/webhooks/{id}/triggers", """{"trigger_type": "event", "trigger_name": "AuthenticationSucceeded_v1"}""");
        return id;
    }

    /// <summary>Publishes an event and waits until its one delivery's attempt is recorded; returns the delivery id.</summary>
    private async Task<string> PublishAndWaitAsync(EngineChanges changes, Guid webhookId, string eventName)
    {
        await (await client.SendJsonAsync(HttpMethod.Post, "events", $$"""{"event_name": "{{eventName}}", "payload": {"person_id": "p1"} }"""))
            .ReadResultAsync(HttpStatusCode.Accepted);
        return (await changes.NextAsync(EngineChangeKind.DeliveryRecorded, webhookId)).DeliveryId!.Value.ToString();
    }

    private async Task<JsonElement> GetAsync(Guid id) =>
        await (await client.GetAsync($"organizations/webhooks/{id}")).ReadResultAsync(HttpStatusCode.OK);

    private async Task<JsonElement> ListAsync(Guid id, string query)
    {
        var response = await client.GetAsync($"organizations/webhooks/{id}/deliveries?{query}");
        await response.ReadResultAsync(HttpStatusCode.OK);
        return await response.ReadJsonAsync();
    }

    private static JsonElement Verification(JsonElement webhook) => Assert.Single(webhook.GetProperty("verifications").EnumerateArray());

    private static List<string> Ids(JsonElement page) =>
        page.GetProperty("result").EnumerateArray().Select(d => d.GetProperty("id").GetString()!).ToList();
}
