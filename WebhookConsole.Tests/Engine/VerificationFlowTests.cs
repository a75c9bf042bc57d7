using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine;

public sealed class VerificationFlowTests() : EngineWithReceiver()
{
    [Fact]
    public async Task SetActive_ReceiverEchoesChallenge_SendsSubscribePerChannelAndBecomesActive()
    {
        var created = await Engine.CreateWebhookAsync(Receiver.Url, "login", "registration");
        var finished = new TaskCompletionSource<EngineChange>();
        using var _ = Engine.Services.GetRequiredService<EngineNotifier>().Subscribe(c =>
        {
            if (c.Kind == EngineChangeKind.VerificationFinished)
            {
                finished.TrySetResult(c);
            }
        });

        var switched = await Engine.Webhooks.SetActiveAsync(Engine.Organization.Id, created.Webhook.Id, true);
        Assert.Equal(WebhookStatus.Activating, switched.Value!.Status);
        await Engine.Verification.RunPendingAsync(CancellationToken.None);

        var requests = new[] { await Receiver.NextVerificationAsync(), await Receiver.NextVerificationAsync() };
        var topics = requests.Select(r => r.Query["hub.topic"]).Order().ToList();
        Assert.Equal(
            [$"myorg.{Engine.Organization.Id}.schema.wso2.v1.event.login", $"myorg.{Engine.Organization.Id}.schema.wso2.v1.event.registration"],
            topics);
        Assert.All(requests, r =>
        {
            Assert.Equal("GET", r.Method);
            Assert.Equal("subscribe", r.Query["hub.mode"]);
            Assert.Equal("864000", r.Query["hub.lease_seconds"]);
            Assert.Equal(32, r.Query["hub.challenge"].Length);
        });
        Assert.NotEqual(requests[0].Query["hub.challenge"], requests[1].Query["hub.challenge"]);

        var webhook = (await Engine.Webhooks.GetAsync(Engine.Organization.Id, created.Webhook.Id))!;
        Assert.Equal(WebhookStatus.Active, webhook.Status);
        Assert.All(webhook.Verifications, v => Assert.Equal(VerificationState.SubscriptionAccepted, v.State));
        Assert.All(webhook.Verifications, v => Assert.NotNull(v.LeaseExpiresAt));
        Assert.Equal(created.Webhook.Id, (await finished.Task).WebhookId);
    }

    [Theory]
    [InlineData(200, "wrong", "body was not the hub.challenge")]
    [InlineData(404, "", "404")]
    [InlineData(302, "", "redirects are not followed")]
    public async Task SetActive_ReceiverDoesNotConfirm_StaysInactiveWithTheReason(int status, string body, string reason)
    {
        Receiver.AnswerVerification = _ => (status, body);
        var created = await Engine.CreateWebhookAsync(Receiver.Url, "login");

        await Engine.Webhooks.SetActiveAsync(Engine.Organization.Id, created.Webhook.Id, true);
        await Engine.Verification.RunPendingAsync(CancellationToken.None);

        var webhook = (await Engine.Webhooks.GetAsync(Engine.Organization.Id, created.Webhook.Id))!;
        Assert.Equal(WebhookStatus.Inactive, webhook.Status);
        var verification = Assert.Single(webhook.Verifications);
        Assert.Equal(VerificationState.SubscriptionError, verification.State);
        Assert.Contains(reason, verification.Error);
    }

    [Fact]
    public async Task ResendVerification_AfterFailedChallenge_ActivatesOnceTheReceiverConfirms()
    {
        Receiver.AnswerVerification = _ => (500, "down");
        var created = await Engine.CreateWebhookAsync(Receiver.Url, "login");
        await Engine.Webhooks.SetActiveAsync(Engine.Organization.Id, created.Webhook.Id, true);
        await Engine.Verification.RunPendingAsync(CancellationToken.None);

        Receiver.AnswerVerification = challenge => (200, challenge);
        var resent = await Engine.Webhooks.ResendVerificationAsync(Engine.Organization.Id, created.Webhook.Id);
        await Engine.Verification.RunPendingAsync(CancellationToken.None);

        Assert.True(resent.Succeeded);
        var webhook = (await Engine.Webhooks.GetAsync(Engine.Organization.Id, created.Webhook.Id))!;
        Assert.Equal(WebhookStatus.Active, webhook.Status);
        Assert.Null(Assert.Single(webhook.Verifications).Error);
    }

    [Fact]
    public async Task SetInactive_ActiveWebhook_SendsUnsubscribeAndStopsDeliveries()
    {
        var created = await Engine.CreateActiveWebhookAsync(Receiver.Url, "login");
        await Receiver.NextVerificationAsync();

        await Engine.Webhooks.SetActiveAsync(Engine.Organization.Id, created.Webhook.Id, false);
        await Engine.Verification.RunPendingAsync(CancellationToken.None);

        var unsubscribe = await Receiver.NextVerificationAsync();
        Assert.Equal("unsubscribe", unsubscribe.Query["hub.mode"]);
        Assert.False(unsubscribe.Query.ContainsKey("hub.lease_seconds"));
        var webhook = (await Engine.Webhooks.GetAsync(Engine.Organization.Id, created.Webhook.Id))!;
        Assert.Equal(WebhookStatus.Inactive, webhook.Status);
        Assert.Equal(VerificationState.UnsubscriptionAccepted, Assert.Single(webhook.Verifications).State);
        var published = await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));
        Assert.Equal(0, published.DeliveryCount);
    }

    [Fact]
    public async Task RemoveTrigger_LastEventOfAVerifiedChannel_UnsubscribesThatChannelAndStaysActive()
    {
        var created = await Engine.CreateActiveWebhookAsync(Receiver.Url, "login", "registration");
        await Receiver.NextVerificationAsync();
        await Receiver.NextVerificationAsync();

        foreach (var name in new[] { "PersonCreated_v1", "AnonymousPersonCreated_v1" })
        {
            Assert.True((await Engine.Webhooks.RemoveTriggerAsync(Engine.Organization.Id, created.Webhook.Id, WebhookConsole.Engine.Catalog.TriggerType.Event, name)).Succeeded);
        }

        await Engine.Verification.RunPendingAsync(CancellationToken.None);

        var unsubscribe = await Receiver.NextVerificationAsync();
        Assert.Equal("unsubscribe", unsubscribe.Query["hub.mode"]);
        Assert.EndsWith(".event.registration", unsubscribe.Query["hub.topic"]);
        var webhook = (await Engine.Webhooks.GetAsync(Engine.Organization.Id, created.Webhook.Id))!;
        Assert.Equal(WebhookStatus.Active, webhook.Status);
        Assert.Equal(VerificationState.UnsubscriptionAccepted, webhook.Verifications.Single(v => v.Channel == "registration").State);
        Assert.Equal(VerificationState.SubscriptionAccepted, webhook.Verifications.Single(v => v.Channel == "login").State);

        // Off and on again: only the remaining channel is verified, and the webhook settles active.
        await Engine.Webhooks.SetActiveAsync(Engine.Organization.Id, created.Webhook.Id, false);
        await Engine.Verification.RunPendingAsync(CancellationToken.None);
        await Engine.Webhooks.SetActiveAsync(Engine.Organization.Id, created.Webhook.Id, true);
        await Engine.Verification.RunPendingAsync(CancellationToken.None);
        var again = (await Engine.Webhooks.GetAsync(Engine.Organization.Id, created.Webhook.Id))!;
        Assert.Equal(WebhookStatus.Active, again.Status);
        Assert.Equal("login", Assert.Single(again.Verifications).Channel);
    }

    [Fact]
    public async Task Delete_ActiveWebhook_IsRefusedUntilSwitchedOff()
    {
        var created = await Engine.CreateActiveWebhookAsync(Receiver.Url, "login");

        var refused = await Engine.Webhooks.DeleteAsync(Engine.Organization.Id, created.Webhook.Id);

        Assert.False(refused.Succeeded);
        Assert.Contains("Switch the webhook off", refused.Errors[0].Message);
        Assert.NotNull(await Engine.Webhooks.GetAsync(Engine.Organization.Id, created.Webhook.Id));
    }
}
