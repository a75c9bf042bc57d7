using System.Net;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Api;

/// <summary>
/// The engine's routes through the real app, its background dispatcher and a real receiver: SlashID's webhooks guide walkthrough
/// to a verified JWT, the retry schedule in seconds, sync hooks, redelivery and recovery, and the rate limits.
/// </summary>
public sealed class EngineRoutesApiTests : IAsyncLifetime
{
    private readonly ConsoleApp app = new(new Dictionary<string, string?>
    {
        ["Delivery:PublicBaseUrl"] = "https://hub.example.test",
        ["Delivery:Retry:InitialBackoff"] = "00:00:01",
        ["Delivery:Retry:MaxBackoff"] = "00:00:02",
        ["Delivery:Retry:GiveUpAfter"] = "00:00:06",
        ["Delivery:Retry:Jitter"] = "0",
        ["Delivery:PollInterval"] = "00:00:00.200",
    });

    private Uri baseAddress = null!;
    private HttpClient client = null!;
    private TestReceiver receiver = null!;

    public async Task InitializeAsync()
    {
        receiver = await TestReceiver.StartAsync();
        baseAddress = app.Start();
        client = app.CreateApiClient(baseAddress);
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await app.DisposeAsync();
        await receiver.DisposeAsync();
    }

    [Fact]
    public async Task SlashIdGuideWalkthrough_TestEventArrivesAsAJwtThatVerifiesWithTheJwksFetchedOverHttp()
    {
        var webhookId = await CreateJwtWebhookAsync("event", "AuthenticationFailed_v1");

        var events = await (await client.SendJsonAsync(HttpMethod.Post, "test-events", """[{"event_name": "AuthenticationFailed_v1"}]"""))
            .ReadResultAsync(HttpStatusCode.Created);
        var post = await receiver.NextPostAsync();

        var testEvent = Assert.Single(events.EnumerateArray());
        Assert.True(testEvent.GetProperty("event_metadata").GetProperty("is_test_event").GetBoolean());
        Assert.Equal("application/jwt", post.Headers["Content-Type"]);
        Assert.Equal("something", post.Headers["X-EXAMPLE"]);
        using var anonymous = new HttpClient { BaseAddress = baseAddress };
        anonymous.DefaultRequestHeaders.Add("SlashID-OrgID", app.OrganizationId.ToString());
        var jwks = await anonymous.GetStringAsync("organizations/webhooks/verification-jwks");
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(post.BodyText, new TokenValidationParameters
        {
            IssuerSigningKeys = new JsonWebKeySet(jwks).GetSigningKeys(),
            ValidAudience = app.OrganizationId.ToString(),
            ValidIssuer = "https://hub.example.test",
            ValidAlgorithms = ["ES256"],
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        var token = (JsonWebToken)result.SecurityToken;
        Assert.Equal(receiver.Url, token.GetClaim("target_url").Value);
        Assert.Equal(webhookId, token.GetClaim("webhook_id").Value);
        Assert.Equal(testEvent.GetProperty("event_metadata").GetProperty("event_id").GetString(), token.Subject);
        Assert.True(token.GetPayloadValue<JsonElement>("trigger_content").GetProperty("event_metadata").GetProperty("is_test_event").GetBoolean());
    }

    [Fact]
    public async Task Retries_ReceiverFailsTwice_GetsTheEventOnTheThirdAttemptAndTheDeliveryShowsThree()
    {
        var webhookId = await CreateJwtWebhookAsync("event", "PersonCreated_v1");
        receiver.PostStatuses.Enqueue(500);
        receiver.PostStatuses.Enqueue(503);

        await (await client.SendJsonAsync(HttpMethod.Post, "events", """{"event_name": "PersonCreated_v1", "payload": {}}""")).ReadResultAsync(HttpStatusCode.Accepted);
        var posts = new[] { await receiver.NextPostAsync(), await receiver.NextPostAsync(), await receiver.NextPostAsync() };
        using var changes = new EngineChanges(app.Services);
        var deliveries = await WaitForStatusAsync(webhookId, "succeeded", changes);

        Assert.Single(posts.Select(p => new JsonWebToken(p.BodyText).Id).Distinct());
        var id = deliveries.EnumerateArray().Single().GetProperty("id").GetString();
        var delivery = await (await client.GetAsync($"deliveries/{id}")).ReadResultAsync(HttpStatusCode.OK);
        Assert.Equal([500, 503, 200], delivery.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("response").GetProperty("status").GetInt32()));
    }

    [Fact]
    public async Task Hooks_SubscribedWebhookAnswers_TheMergedAnswerComesBack()
    {
        await CreateJwtWebhookAsync("sync_hook", "token_minted");
        receiver.PostResponseBody = """{"roles": ["admin"]}""";

        var ok = await (await client.SendJsonAsync(HttpMethod.Post, "hooks/token_minted", """{"person_id": "p1"}""")).ReadResultAsync(HttpStatusCode.OK);
        Assert.Equal("""{"roles":["admin"]}""", ok.GetRawText());

        for (var i = 0; i < 3; i++)
        {
            receiver.PostStatuses.Enqueue(500);
        }

        var failed = await client.SendJsonAsync(HttpMethod.Post, "hooks/token_minted", "{}");
        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        Assert.Contains("failed after 3 attempts", (await failed.ReadJsonAsync()).GetProperty("errors")[0].GetProperty("message").GetString());
        var unknown = await client.SendJsonAsync(HttpMethod.Post, "hooks/token_mint", "{}");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    [Fact]
    public async Task RedeliverAndRecover_FailedDelivery_IsSentAgainWithTheSameIds()
    {
        var webhookId = await CreateJwtWebhookAsync("event", "PersonDeleted_v1");
        for (var i = 0; i < 30; i++)
        {
            receiver.PostStatuses.Enqueue(500);
        }

        using var changes = new EngineChanges(app.Services);
        await (await client.SendJsonAsync(HttpMethod.Post, "events", """{"event_name": "PersonDeleted_v1", "payload": {}}""")).ReadResultAsync(HttpStatusCode.Accepted);
        var first = await receiver.NextPostAsync();
        var failed = await WaitForStatusAsync(webhookId, "failed", changes);
        receiver.PostStatuses.Clear();
        var id = failed.EnumerateArray().Single().GetProperty("id").GetString();

        await (await client.PostAsync($"deliveries/{id}/redeliver", null)).ReadResultAsync(HttpStatusCode.Accepted);
        await WaitForStatusAsync(webhookId, "succeeded", changes);
        var recovered = await (await client.SendJsonAsync(HttpMethod.Post, $"organizations/webhooks/{webhookId}/recover", """{"since": "2020-01-01T00:00:00Z"}"""))
            .ReadResultAsync(HttpStatusCode.Accepted);

        Assert.Equal(0, recovered.GetProperty("requeued").GetInt32());
        var redelivered = receiver.AllPosts.Last(p => p.Headers["Content-Type"] == "application/jwt");
        Assert.Equal(new JsonWebToken(first.BodyText).Id, new JsonWebToken(redelivered.BodyText).Id);
        var missing = await client.PostAsync($"deliveries/{Guid.NewGuid()}/redeliver", null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var badSince = await client.SendJsonAsync(HttpMethod.Post, $"organizations/webhooks/{webhookId}/recover", """{"since": "yesterday"}""");
        Assert.Equal(HttpStatusCode.BadRequest, badSince.StatusCode);
    }

    [Fact]
    public async Task Jwks_OverThirtyAMinuteWithBurstsOfSixty_Answers429WithRetryAfter()
    {
        using var anonymous = new HttpClient { BaseAddress = baseAddress };
        anonymous.DefaultRequestHeaders.Add("SlashID-OrgID", app.OrganizationId.ToString());

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 70; i++)
        {
            var response = await anonymous.GetAsync("organizations/webhooks/verification-jwks");
            statuses.Add(response.StatusCode);
            limited ??= response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        Assert.All(statuses.Take(60), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.NotNull(limited);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("30 requests per minute", (await limited.ReadJsonAsync()).GetProperty("errors")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task TestEvents_MoreThanTheBurstOfFifty_Answers429CountingEvents()
    {
        await (await client.SendJsonAsync(HttpMethod.Post, "test-events", """[{"event_name": "PersonCreated_v1", "count": 50}]""")).ReadResultAsync(HttpStatusCode.Created);

        var over = await client.SendJsonAsync(HttpMethod.Post, "test-events", """[{"event_name": "PersonCreated_v1", "count": 5}]""");

        Assert.Equal(HttpStatusCode.TooManyRequests, over.StatusCode);
        Assert.Contains("10 test events per minute", (await over.ReadJsonAsync()).GetProperty("errors")[0].GetProperty("message").GetString());
    }

    private async Task<string> CreateJwtWebhookAsync(string triggerType, string triggerName)
    {
        var created = await (await client.SendJsonAsync(HttpMethod.Post, "organizations/webhooks",
            $$"""{"target_url": "{{receiver.Url}}", "name": "{{triggerName}}", "custom_headers": {"X-EXAMPLE": ["something"]} }"""))
            .ReadResultAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        await (await client.SendJsonAsync(HttpMethod.Post, $"organizations/webhooks/{id}/triggers",
            $$"""{"trigger_type": "{{triggerType}}", "trigger_name": "{{triggerName}}"}""")).ReadResultAsync(HttpStatusCode.Created);
        return id;
    }

    // Waits on the engine's notifications (bounded), then reads the webhook's deliveries through the API.
    private async Task<JsonElement> WaitForStatusAsync(string webhookId, string status, EngineChanges changes)
    {
        while (true)
        {
            var deliveries = await (await client.GetAsync($"organizations/webhooks/{webhookId}/deliveries")).ReadResultAsync(HttpStatusCode.OK);
            if (deliveries.GetArrayLength() > 0 && deliveries.EnumerateArray().All(d => d.GetProperty("status").GetString() == status))
            {
                return deliveries;
            }

            await changes.NextAsync(EngineChangeKind.DeliveryRecorded, Guid.Parse(webhookId));
        }
    }
}
