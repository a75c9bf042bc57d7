using System.Text.Json;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Receiving;
using WebhookConsole.Engine.Signing;
using WebhookConsole.Engine.Webhooks;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine.Receiving;

/// <summary>
/// Requests as a Receiver gets them over HTTP from the Engine's dispatcher and verification worker, checked with
/// <see cref="WebhookVerifier"/> exactly as docs/receiving.md tells receivers to.
/// </summary>
public sealed class DeliveredRequestTests() : EngineWithReceiver(new ManualTimeProvider(DateTimeOffset.UtcNow))
{
    [Fact]
    public async Task WebSubWebhook_ChallengeAndEvent_AreAnsweredAndVerifiedByTheVerifier()
    {
        var created = await Engine.CreateActiveWebhookAsync(Receiver.Url, "login");
        var verification = await Receiver.NextVerificationAsync();
        var topics = new[] { WebhookVerifier.WebSubTopic(Engine.Organization.Handle, Engine.Organization.Id.ToString(), "login") };

        var answer = WebhookVerifier.AnswerChallenge(verification.Query["hub.mode"], verification.Query["hub.topic"], verification.Query["hub.challenge"], topics);
        var published = await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "AuthenticationSucceeded_v1", """{"user":{"id":"u1"}}"""));
        await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);
        var post = await Receiver.NextPostAsync();

        Assert.Equal(verification.Query["hub.challenge"], answer);
        Assert.Equal("864000", verification.Query["hub.lease_seconds"]);
        var result = WebhookVerifier.VerifyHubSignature(created.Secret!, post.Body, post.Headers.GetValueOrDefault("x-hub-signature"));
        Assert.True(result.IsValid, result.Error);
        Assert.StartsWith("WebhookConsole/", post.Headers["User-Agent"], StringComparison.Ordinal);
        using var body = JsonDocument.Parse(post.Body);
        Assert.Equal(published.EventId.ToString(), body.RootElement.GetProperty("rci").GetString());
        Assert.True(body.RootElement.GetProperty("events").TryGetProperty(EventCatalog.FindEvent("AuthenticationSucceeded_v1")!.EventUri, out _));
    }

    [Fact]
    public async Task StandardWebhook_RetriedEvent_KeepsItsIdAndEachAttemptVerifiesOnlyWhenFresh()
    {
        var created = await CreateAsync(WebhookFormat.Standard, "PersonCreated_v1", new() { ["X-EXAMPLE"] = ["something"] });
        var secret = created.Secret!;
        Receiver.PostStatuses.Enqueue(500);

        var published = await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "PersonCreated_v1", """{"person_id":"p1"}"""));
        await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);
        var first = await Receiver.NextPostAsync();
        var firstReceivedAt = Time.GetUtcNow();
        Time.Advance(TimeSpan.FromMinutes(10));
        await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);
        var second = await Receiver.NextPostAsync();

        Assert.True(WebhookVerifier.VerifyStandard(secret, first.Headers, first.Body, firstReceivedAt).IsValid);
        var fresh = WebhookVerifier.VerifyStandard(secret, second.Headers, second.Body, Time.GetUtcNow());
        Assert.True(fresh.IsValid, fresh.Error);
        var replayed = WebhookVerifier.VerifyStandard(secret, first.Headers, first.Body, Time.GetUtcNow());
        Assert.False(replayed.IsValid);
        Assert.Contains("old", replayed.Error);
        Assert.Equal(published.EventId.ToString(), first.Headers["webhook-id"]);
        Assert.Equal(first.Headers["webhook-id"], second.Headers["webhook-id"]);
        Assert.NotEqual(first.Headers["webhook-timestamp"], second.Headers["webhook-timestamp"]);
        Assert.Equal("something", second.Headers["X-EXAMPLE"]);
        Assert.StartsWith("WebhookConsole/", second.Headers["User-Agent"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task JwtWebhook_Event_VerifiesWithThePublishedJwksAndCarriesTheIdsToDeduplicateOn()
    {
        var created = await CreateAsync(WebhookFormat.Jwt, "AuthenticationFailed_v1");
        var published = await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "AuthenticationFailed_v1", """{"failure_reason":"x"}"""));

        await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);
        var post = await Receiver.NextPostAsync();

        var keys = await Engine.Services.GetRequiredService<SigningKeyService>().GetPublishedAsync(Engine.Organization.Id);
        var result = await WebhookVerifier.VerifyJwtAsync(post.BodyText, SignedRequests.JwksJson(keys), Engine.Organization.Id.ToString(),
            "https://hub.example.test", Receiver.Url, Time.GetUtcNow());
        Assert.True(result.IsValid, result.Error);
        Assert.Equal("application/jwt", post.Headers["Content-Type"]);
        Assert.Equal(published.EventId.ToString(), result.Claims!.Subject);
        Assert.Equal(created.Webhook.Id.ToString(), result.Claims.WebhookId);
        Assert.Equal("x", result.Claims.TriggerContent.GetProperty("failure_reason").GetString());
    }

    private async Task<CreatedWebhook> CreateAsync(WebhookFormat format, string eventName, Dictionary<string, string[]>? headers = null)
    {
        var result = await Engine.Webhooks.CreateAsync(Engine.Organization.Id, new WebhookInput
        {
            Name = format.ToString(),
            TargetUrl = Receiver.Url,
            Format = format,
            Channels = null,
            CustomHeaders = headers,
            Triggers = [new TriggerInput(TriggerType.Event, eventName)],
        });
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Message)));
        return result.Value!;
    }
}
