using System.Collections.Concurrent;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Maintenance;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine.Maintenance;

public sealed class WebSubLeaseRenewalTests() : EngineWithReceiver(new ManualTimeProvider())
{
    // WebSub:LeaseSeconds defaults to 864000 (10 days): renewal starts 1 day before expiry.
    private static readonly TimeSpan Lease = TimeSpan.FromDays(10);

    private WebSubLeaseRenewal Renewal => Engine.Services.GetRequiredService<WebSubLeaseRenewal>();

    [Fact]
    public async Task RenewAsync_LeaseWithinRenewalWindow_ReverifiesWhileTheWebhookKeepsReceiving()
    {
        var created = await Engine.CreateActiveWebhookAsync(Receiver.Url, "login");
        await Receiver.NextVerificationAsync();
        Assert.Equal(new LeaseRenewalResult(0, 0), await Renewal.RenewAsync(CancellationToken.None));

        Time.Advance(Lease - TimeSpan.FromHours(23));
        var result = await Renewal.RenewAsync(CancellationToken.None);

        Assert.Equal(new LeaseRenewalResult(Renewing: 1, Disabled: 0), result);
        await Signals.AssertNotifiedAsync(Engine.Services.GetRequiredService<VerificationSignal>());
        var renewing = (await Engine.Webhooks.GetAsync(Engine.Organization.Id, created.Webhook.Id))!;
        Assert.Equal(WebhookStatus.Active, renewing.Status);
        Assert.Equal(VerificationState.SubscriptionPending, Assert.Single(renewing.Verifications).State);
        var published = await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));
        Assert.Equal(1, published.DeliveryCount);

        await Engine.Verification.RunPendingAsync(CancellationToken.None);

        var request = await Receiver.NextVerificationAsync();
        Assert.Equal("subscribe", request.Query["hub.mode"]);
        Assert.Equal("864000", request.Query["hub.lease_seconds"]);
        var renewed = (await Engine.Webhooks.GetAsync(Engine.Organization.Id, created.Webhook.Id))!;
        Assert.Equal(WebhookStatus.Active, renewed.Status);
        var verification = Assert.Single(renewed.Verifications);
        Assert.Equal(VerificationState.SubscriptionAccepted, verification.State);
        Assert.Equal(Time.GetUtcNow() + Lease, verification.LeaseExpiresAt);
    }

    [Fact]
    public async Task RenewAsync_ReceiverRefusesUntilTheLeaseRunsOut_StaysActiveAndRetriesThenDisablesWithTheReason()
    {
        var created = await Engine.CreateActiveWebhookAsync(Receiver.Url, "login");
        await Receiver.NextVerificationAsync();
        var expiresAt = Time.GetUtcNow() + Lease;
        Receiver.AnswerVerification = _ => (500, "down");
        var changes = new ConcurrentQueue<EngineChange>();
        using var subscription = Engine.Services.GetRequiredService<EngineNotifier>().Subscribe(changes.Enqueue);

        Time.Advance(Lease - TimeSpan.FromHours(23));
        await Renewal.RenewAsync(CancellationToken.None);
        await Engine.Verification.RunPendingAsync(CancellationToken.None);
        Assert.Equal("subscribe", (await Receiver.NextVerificationAsync()).Query["hub.mode"]);

        var refused = (await Engine.Webhooks.GetAsync(Engine.Organization.Id, created.Webhook.Id))!;
        Assert.Equal(WebhookStatus.Active, refused.Status);
        var verification = Assert.Single(refused.Verifications);
        Assert.Equal(VerificationState.SubscriptionError, verification.State);
        Assert.Contains("500", verification.Error);
        Assert.Equal(expiresAt, verification.LeaseExpiresAt);

        Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(new LeaseRenewalResult(Renewing: 1, Disabled: 0), await Renewal.RenewAsync(CancellationToken.None));
        await Engine.Verification.RunPendingAsync(CancellationToken.None);
        Assert.Equal("subscribe", (await Receiver.NextVerificationAsync()).Query["hub.mode"]);

        Time.Advance(TimeSpan.FromDays(1));
        var result = await Renewal.RenewAsync(CancellationToken.None);

        Assert.Equal(new LeaseRenewalResult(Renewing: 0, Disabled: 1), result);
        var disabled = (await Engine.Webhooks.GetAsync(Engine.Organization.Id, created.Webhook.Id))!;
        Assert.Equal(WebhookStatus.Disabled, disabled.Status);
        Assert.StartsWith($"The WebSub lease of channel 'login' ran out on {expiresAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC and could not be renewed: ", disabled.DisabledReason);
        Assert.Contains("500", disabled.DisabledReason);
        Assert.Contains(changes, c => c.Kind == EngineChangeKind.WebhookChanged && c.WebhookId == created.Webhook.Id);
        var published = await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));
        Assert.Equal(0, published.DeliveryCount);
    }

    [Fact]
    public async Task RenewAsync_InactiveWebhookWithAcceptedChannel_IsLeftAlone()
    {
        var created = await Engine.CreateActiveWebhookAsync(Receiver.Url, "login");
        await using (var db = await Engine.CreateDbContextAsync())
        {
            var webhook = await db.Webhooks.FindAsync(created.Webhook.Id);
            webhook!.Status = WebhookStatus.Disabled;
            await db.SaveChangesAsync();
        }

        Time.Advance(Lease + TimeSpan.FromDays(1));
        var result = await Renewal.RenewAsync(CancellationToken.None);

        Assert.Equal(new LeaseRenewalResult(0, 0), result);
        var unchanged = (await Engine.Webhooks.GetAsync(Engine.Organization.Id, created.Webhook.Id))!;
        Assert.Equal(VerificationState.SubscriptionAccepted, Assert.Single(unchanged.Verifications).State);
    }

    [Theory]
    [InlineData(864000, 86400)]
    [InlineData(3600, 360)]
    public void RenewalWindow_LeaseSeconds_IsOneDayOrATenthOfTheLeaseIfShorter(int leaseSeconds, int windowSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(windowSeconds), WebSubLeaseRenewal.RenewalWindow(leaseSeconds));
}
