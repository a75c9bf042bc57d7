using System.Text.Json;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Receiving;
using WebhookConsole.Engine.Signing;
using WebhookConsole.Engine.Webhooks;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine.Receiving;

/// <summary>
/// Requests as a receiver gets them over HTTP from the engine's dispatcher and verification worker, checked with
/// <see cref="WebhookVerifier"/> exactly as docs/receiving.md tells receivers to.
/// </summary>
public sealed class DeliveredRequestTests : IAsyncLifetime
{
    private readonly ManualTimeProvider time = new(DateTimeOffset.UtcNow);
    private EngineHost engine = null!;
    private TestReceiver receiver = null!;

    public async Task InitializeAsync()
    {
        engine = await EngineHost.StartAsync(time);
        receiver = await TestReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await receiver.DisposeAsync();
        await engine.DisposeAsync();
    }

    [Fact]
    public async Task WebSubWebhook_ChallengeAndEvent_AreAnsweredAndVerifiedByTheVerifier()
    {
        var created = await engine.CreateActiveWebhookAsync(receiver.Url, "login");
        var verification = await receiver.NextVerificationAsync();
        var topics = new[] { WebhookVerifier.WebSubTopic(engine.Organization.Handle, engine.Organization.Id.ToString(), "login") };

        var answer = WebhookVerifier.AnswerChallenge(verification.Query["hub.mode"], verification.Query["hub.topic"], verification.Query["hub.challenge"], topics);
        var published = await engine.Publisher.PublishAsync(new(engine.Organization.Id, "AuthenticationSucceeded_v1", """{"user":{"id":"u1"}}"""));
        await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);
        var post = await receiver.NextPostAsync();

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
        receiver.PostStatuses.Enqueue(500);

        var published = await engine.Publisher.PublishAsync(new(engine.Organization.Id, "PersonCreated_v1", """{"person_id":"p1"}"""));
        await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);
        var first = await receiver.NextPostAsync();
        var firstReceivedAt = time.GetUtcNow();
        time.Advance(TimeSpan.FromMinutes(10));
        await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);
        var second = await receiver.NextPostAsync();

        Assert.True(WebhookVerifier.VerifyStandard(secret, first.Headers, first.Body, firstReceivedAt).IsValid);
        var fresh = WebhookVerifier.VerifyStandard(secret, second.Headers, second.Body, time.GetUtcNow());
        Assert.True(fresh.IsValid, fresh.Error);
        var replayed = WebhookVerifier.VerifyStandard(secret, first.Headers, first.Body, time.GetUtcNow());
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
        var published = await engine.Publisher.PublishAsync(new(engine.Organization.Id, "AuthenticationFailed_v1", """{"failure_reason":"x"}"""));

        await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);
        var post = await receiver.NextPostAsync();

        var keys = await engine.Services.GetRequiredService<SigningKeyService>().GetPublishedAsync(engine.Organization.Id);
        var result = await WebhookVerifier.VerifyJwtAsync(post.BodyText, SignedRequests.JwksJson(keys), engine.Organization.Id.ToString(),
            "https://hub.example.test", receiver.Url, time.GetUtcNow());
        Assert.True(result.IsValid, result.Error);
        Assert.Equal("application/jwt", post.Headers["Content-Type"]);
        Assert.Equal(published.EventId.ToString(), result.Claims!.Subject);
        Assert.Equal(created.Webhook.Id.ToString(), result.Claims.WebhookId);
        Assert.Equal("x", result.Claims.TriggerContent.GetProperty("failure_reason").GetString());
    }

    private async Task<CreatedWebhook> CreateAsync(WebhookFormat format, string eventName, Dictionary<string, string[]>? headers = null)
    {
        var result = await engine.Webhooks.CreateAsync(engine.Organization.Id, new WebhookInput
        {
            Name = format.ToString(),
            TargetUrl = receiver.Url,
            Format = format,
            Channels = null,
            CustomHeaders = headers,
            Triggers = [new TriggerInput(TriggerType.Event, eventName)],
        });
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Message)));
        return result.Value!;
    }
}
