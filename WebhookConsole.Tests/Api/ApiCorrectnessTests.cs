using System.Net;
using System.Text.Json;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Api;

/// <summary>What a client reads is what is true: no placeholder times, a redelivery's real state, no silently ignored query parameter.</summary>
public sealed class ApiCorrectnessTests : RunningConsoleAppWithReceiver
{
    [Fact]
    public async Task GetAndRedeliver_SucceededDelivery_NextAttemptIsNullThenTheRedeliveryIsPendingAndDueNow()
    {
        using var client = App.CreateApiClient(BaseAddress);
        using var changes = new EngineChanges(App.Services);
        var webhookId = await CreateWebhookAsync(client);
        await client.SendJsonAsync(HttpMethod.Post, "events", """{"event_name":"AuthenticationSucceeded_v1"}""");
        var recorded = await changes.NextAsync(EngineChangeKind.DeliveryRecorded, webhookId);
        var id = recorded.DeliveryId!.Value;

        var delivered = await (await client.GetAsync($"deliveries/{id}")).ReadResultAsync(HttpStatusCode.OK);
        var listed = await (await client.GetAsync($"organizations/webhooks/{webhookId}/deliveries")).ReadResultAsync(HttpStatusCode.OK);
        var redelivered = await (await client.PostAsync($"deliveries/{id}/redeliver", null)).ReadResultAsync(HttpStatusCode.Accepted);

        Assert.Equal("succeeded", delivered.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, delivered.GetProperty("next_attempt_at").ValueKind);
        Assert.Equal(JsonValueKind.Null, listed[0].GetProperty("next_attempt_at").ValueKind);
        Assert.Equal(id.ToString(), redelivered.GetProperty("id").GetString());
        Assert.Equal("pending", redelivered.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, redelivered.GetProperty("completed_at").ValueKind);
        Assert.True(DateTimeOffset.Parse(redelivered.GetProperty("next_attempt_at").GetString()!) > DateTimeOffset.UnixEpoch);
        await changes.NextAsync(EngineChangeKind.DeliveryRecorded, webhookId);
        var again = await (await client.GetAsync($"deliveries/{id}")).ReadResultAsync(HttpStatusCode.OK);
        Assert.Equal(2, again.GetProperty("attempts").GetArrayLength());
    }

    [Theory]
    [InlineData("organizations/webhooks?limt=5", "The query parameter 'limt' is not known: this route takes limit, offset.")]
    [InlineData("event-types?channel=login", "The query parameter 'channel' is not known: this route takes none.")]
    [InlineData("organizations/webhooks/{id}/deliveries?stauts=failed", "The query parameter 'stauts' is not known: this route takes status, event_name, since, until, cursor, limit.")]
    [InlineData("organizations/webhooks/{id}/deliveries?status=bogus", "The status query parameter 'bogus' is not one of")]
    [InlineData("organizations/webhooks/{id}/deliveries?since=garbage", "The since query parameter must be a time in RFC 3339 form")]
    public async Task Get_InvalidQueryParameter_Answers400NamingIt(string path, string message)
    {
        using var client = App.CreateApiClient(BaseAddress);
        var webhookId = await CreateWebhookAsync(client);

        var response = await client.GetAsync(path.Replace("{id}", webhookId.ToString()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (await response.ReadJsonAsync()).GetProperty("errors")[0].GetProperty("message").GetString());
    }

    private async Task<Guid> CreateWebhookAsync(HttpClient client) =>
        Guid.Parse((await client.CreateSubscribedWebhookAsync(Receiver.Url, "standard")).GetProperty("id").GetString()!);
}
