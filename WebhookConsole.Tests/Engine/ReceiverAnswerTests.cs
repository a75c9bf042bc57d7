using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine;

/// <summary>How the Engine reacts to what a real Receiver answers.</summary>
public sealed class ReceiverAnswerTests() : EngineWithReceiver(new ManualTimeProvider())
{
    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task Dispatch_RetryAfterLongerThanBackoff_WaitsThatLong(int status)
    {
        await Engine.CreateActiveWebhookAsync(Receiver.Url, "login");
        Receiver.PostStatuses.Enqueue(status);
        Receiver.RetryAfterSeconds = 300;
        await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));

        await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);
        Time.Advance(TimeSpan.FromMinutes(4));
        var beforeRetryAfter = await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);
        Time.Advance(TimeSpan.FromMinutes(1));
        var atRetryAfter = await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);

        Assert.Equal(0, beforeRetryAfter);
        Assert.Equal(1, atRetryAfter);
        Assert.Equal(DeliveryStatus.Succeeded, (await SingleDeliveryAsync()).Status);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    [InlineData(500)]
    public async Task Dispatch_ClientOrServerError_IsAFailedAttemptThatIsRetried(int status)
    {
        await Engine.CreateActiveWebhookAsync(Receiver.Url, "login");
        Receiver.PostStatuses.Enqueue(status);
        await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));

        await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);

        var delivery = await SingleDeliveryAsync();
        Assert.Equal(DeliveryStatus.Retrying, delivery.Status);
        Assert.Equal(status, delivery.LastResponseStatus);
        Assert.Equal(Time.GetUtcNow().AddMinutes(1), delivery.NextAttemptAt);
    }

    [Fact]
    public async Task Dispatch_Gone_FailsWithoutRetryAndDisablesTheWebhook()
    {
        var created = await Engine.CreateActiveWebhookAsync(Receiver.Url, "login");
        Receiver.PostStatuses.Enqueue(410);
        await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));

        await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);

        var delivery = await SingleDeliveryAsync();
        Assert.Equal(DeliveryStatus.Failed, delivery.Status);
        var webhook = (await Engine.Webhooks.GetAsync(Engine.Organization.Id, created.Webhook.Id))!;
        Assert.Equal(WebhookStatus.Disabled, webhook.Status);
        Assert.Contains("410 Gone", webhook.DisabledReason);
        var next = await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));
        Assert.Equal(0, next.DeliveryCount);
    }

    [Fact]
    public async Task Dispatch_FailureThenSuccess_SetsAndClearsFailingSince()
    {
        var created = await Engine.CreateActiveWebhookAsync(Receiver.Url, "login");
        Receiver.PostStatuses.Enqueue(500);
        await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));

        await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);
        var failing = (await Engine.Webhooks.GetAsync(Engine.Organization.Id, created.Webhook.Id))!.FailingSince;
        Time.Advance(TimeSpan.FromMinutes(1));
        await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);
        var recovered = (await Engine.Webhooks.GetAsync(Engine.Organization.Id, created.Webhook.Id))!.FailingSince;

        Assert.Equal(Time.GetUtcNow().AddMinutes(-1), failing);
        Assert.Null(recovered);
    }

    [Fact]
    public async Task Dispatch_SlowerThanTheWebhookTimeout_RecordsATimeout()
    {
        var created = await Engine.CreateActiveWebhookAsync(Receiver.Url, "login");
        await Engine.Webhooks.UpdateAsync(Engine.Organization.Id, created.Webhook.Id, new() { Timeout = "200ms" });
        Receiver.PostDelay = TimeSpan.FromSeconds(5);
        await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));

        await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);

        var log = Engine.Services.GetRequiredService<DeliveryLog>();
        var delivery = (await log.GetAsync(Engine.Organization.Id, (await SingleDeliveryAsync()).Id))!;
        var attempt = Assert.Single(delivery.Attempts);
        Assert.Equal(AttemptError.Timeout, attempt.Error);
        Assert.Equal(DeliveryStatus.Retrying, delivery.Status);
        Assert.InRange(attempt.Duration, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(4));
    }

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(307)]
    public async Task Dispatch_Redirect_IsAFailedAttemptAndIsNotFollowed(int status)
    {
        await Engine.CreateActiveWebhookAsync(Receiver.Url, "login");
        Receiver.PostStatuses.Enqueue(status);
        await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));

        await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);

        var delivery = await SingleAttemptedAsync();
        Assert.Single(Receiver.AllPosts);
        Assert.Equal(AttemptError.Redirect, delivery.Attempts.Single().Error);
        Assert.Equal(DeliveryStatus.Retrying, delivery.Status);
    }

    [Fact]
    public async Task Dispatch_ConnectionResetMidResponse_RecordsAConnectionErrorAndRetries()
    {
        await Engine.CreateActiveWebhookAsync(Receiver.Url, "login");
        Receiver.Misbehaviour = ReceiverMisbehaviour.ResetMidResponse;
        await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));

        await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);

        var delivery = await SingleAttemptedAsync();
        var attempt = Assert.Single(delivery.Attempts);
        Assert.Equal(AttemptError.Connection, attempt.Error);
        Assert.Contains("connection", attempt.ErrorMessage, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(DeliveryStatus.Retrying, delivery.Status);
    }

    [Fact]
    public async Task Dispatch_HugeResponseBody_SucceedsAndKeepsOnlyTheConfiguredPrefix()
    {
        await Engine.CreateActiveWebhookAsync(Receiver.Url, "login");
        Receiver.Misbehaviour = ReceiverMisbehaviour.HugeBody;
        await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));

        await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);

        var delivery = await SingleAttemptedAsync();
        var attempt = Assert.Single(delivery.Attempts);
        Assert.Equal(DeliveryStatus.Succeeded, delivery.Status);
        Assert.Equal(16 * 1024 + "\n[truncated]".Length, attempt.ResponseBody!.Length);
        Assert.EndsWith("[truncated]", attempt.ResponseBody);
    }

    [Fact]
    public async Task Dispatch_SelfSignedCertificate_RecordsATlsError()
    {
        await using var untrusted = await TestReceiver.StartAsync(tls: true);
        Assert.StartsWith("https://", untrusted.Url);
        var created = await Engine.Webhooks.CreateAsync(Engine.Organization.Id, new WebhookConsole.Engine.Webhooks.WebhookInput
        {
            Name = "tls",
            TargetUrl = untrusted.Url,
            Format = WebhookFormat.Standard,
            Channels = null,
            Triggers = [new(WebhookConsole.Engine.Catalog.TriggerType.Event, "AuthenticationSucceeded_v1")],
        });
        Assert.True(created.Succeeded);
        await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));

        await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);

        var delivery = await SingleAttemptedAsync();
        var attempt = Assert.Single(delivery.Attempts);
        Assert.Equal(AttemptError.Tls, attempt.Error);
        Assert.Contains("TLS", attempt.ErrorMessage);
        Assert.Empty(untrusted.AllPosts);
    }

    private async Task<WebhookConsole.Engine.Domain.Delivery> SingleAttemptedAsync()
    {
        var log = Engine.Services.GetRequiredService<DeliveryLog>();
        return (await log.GetAsync(Engine.Organization.Id, (await SingleDeliveryAsync()).Id))!;
    }

    private async Task<DeliverySummary> SingleDeliveryAsync() =>
        Assert.Single(await Engine.Services.GetRequiredService<DeliveryLog>().ListAsync(Engine.Organization.Id));
}
