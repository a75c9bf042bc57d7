using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine;

/// <summary>How the engine reacts to what a real receiver answers.</summary>
public sealed class ReceiverAnswerTests : IAsyncLifetime
{
    private readonly ManualTimeProvider time = new();
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

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task Dispatch_RetryAfterLongerThanBackoff_WaitsThatLong(int status)
    {
        await engine.CreateActiveWebhookAsync(receiver.Url, "login");
        receiver.PostStatuses.Enqueue(status);
        receiver.RetryAfterSeconds = 300;
        await engine.Publisher.PublishAsync(new(engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));

        await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(4));
        var beforeRetryAfter = await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(1));
        var atRetryAfter = await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);

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
        await engine.CreateActiveWebhookAsync(receiver.Url, "login");
        receiver.PostStatuses.Enqueue(status);
        await engine.Publisher.PublishAsync(new(engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));

        await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);

        var delivery = await SingleDeliveryAsync();
        Assert.Equal(DeliveryStatus.Retrying, delivery.Status);
        Assert.Equal(status, delivery.LastResponseStatus);
        Assert.Equal(time.GetUtcNow().AddMinutes(1), delivery.NextAttemptAt);
    }

    [Fact]
    public async Task Dispatch_Gone_FailsWithoutRetryAndDisablesTheWebhook()
    {
        var created = await engine.CreateActiveWebhookAsync(receiver.Url, "login");
        receiver.PostStatuses.Enqueue(410);
        await engine.Publisher.PublishAsync(new(engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));

        await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);

        var delivery = await SingleDeliveryAsync();
        Assert.Equal(DeliveryStatus.Failed, delivery.Status);
        var webhook = (await engine.Webhooks.GetAsync(engine.Organization.Id, created.Webhook.Id))!;
        Assert.Equal(WebhookStatus.Disabled, webhook.Status);
        Assert.Contains("410 Gone", webhook.DisabledReason);
        var next = await engine.Publisher.PublishAsync(new(engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));
        Assert.Equal(0, next.DeliveryCount);
    }

    [Fact]
    public async Task Dispatch_FailureThenSuccess_SetsAndClearsFailingSince()
    {
        var created = await engine.CreateActiveWebhookAsync(receiver.Url, "login");
        receiver.PostStatuses.Enqueue(500);
        await engine.Publisher.PublishAsync(new(engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));

        await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);
        var failing = (await engine.Webhooks.GetAsync(engine.Organization.Id, created.Webhook.Id))!.FailingSince;
        time.Advance(TimeSpan.FromMinutes(1));
        await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);
        var recovered = (await engine.Webhooks.GetAsync(engine.Organization.Id, created.Webhook.Id))!.FailingSince;

        Assert.Equal(time.GetUtcNow().AddMinutes(-1), failing);
        Assert.Null(recovered);
    }

    [Fact]
    public async Task Dispatch_SlowerThanTheWebhookTimeout_RecordsATimeout()
    {
        var created = await engine.CreateActiveWebhookAsync(receiver.Url, "login");
        await engine.Webhooks.UpdateAsync(engine.Organization.Id, created.Webhook.Id, new() { Timeout = "200ms" });
        receiver.PostDelay = TimeSpan.FromSeconds(5);
        await engine.Publisher.PublishAsync(new(engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));

        await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);

        var log = engine.Services.GetRequiredService<DeliveryLog>();
        var delivery = (await log.GetAsync(engine.Organization.Id, (await SingleDeliveryAsync()).Id))!;
        var attempt = Assert.Single(delivery.Attempts);
        Assert.Equal(AttemptError.Timeout, attempt.Error);
        Assert.Equal(DeliveryStatus.Retrying, delivery.Status);
        Assert.InRange(attempt.Duration, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(4));
    }

    private async Task<DeliverySummary> SingleDeliveryAsync() =>
        Assert.Single(await engine.Services.GetRequiredService<DeliveryLog>().ListAsync(engine.Organization.Id));
}
