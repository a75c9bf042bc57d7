using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine;

public sealed class DeliveryControlTests : IAsyncLifetime
{
    private readonly ManualTimeProvider time = new();
    private EngineHost engine = null!;
    private TestReceiver receiver = null!;

    private DeliveryControl Control => engine.Services.GetRequiredService<DeliveryControl>();

    private DeliveryLog Log => engine.Services.GetRequiredService<DeliveryLog>();

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
    public async Task Redeliver_SucceededDelivery_SendsANewAttemptWithTheSameIds()
    {
        await engine.CreateActiveWebhookAsync(receiver.Url, "login");
        await engine.Publisher.PublishAsync(new(engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));
        await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);
        var first = await receiver.NextPostAsync();
        var id = (await Log.ListAsync(engine.Organization.Id))[0].Id;

        var result = await Control.RedeliverAsync(engine.Organization.Id, id);
        await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);

        Assert.True(result.Succeeded);
        var second = await receiver.NextPostAsync();
        Assert.Equal(first.BodyText, second.BodyText);
        var delivery = (await Log.GetAsync(engine.Organization.Id, id))!;
        Assert.Equal(2, delivery.Attempts.Count);
        Assert.Equal(DeliveryStatus.Succeeded, delivery.Status);
    }

    [Fact]
    public async Task Recover_FailedDeliveriesSinceATime_RequeuesOnlyThose()
    {
        var created = await engine.CreateActiveWebhookAsync(receiver.Url, "login");
        for (var i = 0; i < 20; i++)
        {
            receiver.PostStatuses.Enqueue(500);
        }

        await engine.Publisher.PublishAsync(new(engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));
        time.Advance(TimeSpan.FromMinutes(1));
        var since = time.GetUtcNow();
        await engine.Publisher.PublishAsync(new(engine.Organization.Id, "AuthenticationFailed_v1", "{}"));
        for (var minute = 0; minute <= 32; minute++)
        {
            await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);
            time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.All(await Log.ListAsync(engine.Organization.Id), d => Assert.Equal(DeliveryStatus.Failed, d.Status));
        receiver.PostStatuses.Clear();

        var recovered = await Control.RecoverAsync(engine.Organization.Id, created.Webhook.Id, since);
        await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);

        Assert.Equal(1, recovered.Value);
        var rows = await Log.ListAsync(engine.Organization.Id);
        Assert.Equal(DeliveryStatus.Succeeded, rows.Single(d => d.EventName == "AuthenticationFailed_v1").Status);
        Assert.Equal(DeliveryStatus.Failed, rows.Single(d => d.EventName == "AuthenticationSucceeded_v1").Status);
    }

    [Fact]
    public async Task Cancel_RetryingDelivery_IsNeverSentAgain()
    {
        await engine.CreateActiveWebhookAsync(receiver.Url, "login");
        receiver.PostStatuses.Enqueue(500);
        await engine.Publisher.PublishAsync(new(engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));
        await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);
        var id = (await Log.ListAsync(engine.Organization.Id))[0].Id;

        var cancelled = await Control.CancelAsync(engine.Organization.Id, id);
        time.Advance(TimeSpan.FromMinutes(5));
        var claimed = await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);

        Assert.True(cancelled.Succeeded);
        Assert.Equal(0, claimed);
        Assert.Equal(DeliveryStatus.Cancelled, (await Log.GetAsync(engine.Organization.Id, id))!.Status);
        var again = await Control.CancelAsync(engine.Organization.Id, id);
        Assert.Contains("Only pending or retrying", again.Errors[0].Message);
    }

    [Fact]
    public async Task CancelPending_WebhookWithQueuedDeliveries_CancelsThemAll()
    {
        var created = await engine.CreateActiveWebhookAsync(receiver.Url, "login");
        for (var i = 0; i < 3; i++)
        {
            await engine.Publisher.PublishAsync(new(engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));
        }

        var result = await Control.CancelPendingAsync(engine.Organization.Id, created.Webhook.Id);

        Assert.Equal(3, result.Value);
        Assert.Equal(0, await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None));
    }

    [Fact]
    public async Task RotateSecret_WebSubWebhook_NewDeliveriesAreSignedWithTheNewSecret()
    {
        var created = await engine.CreateActiveWebhookAsync(receiver.Url, "login");

        var rotated = await engine.Webhooks.RotateSecretAsync(engine.Organization.Id, created.Webhook.Id, null, TimeSpan.FromHours(1));
        receiver.Secret = rotated.Value;
        await engine.Publisher.PublishAsync(new(engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));
        await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);

        Assert.NotEqual(created.Secret, rotated.Value);
        Assert.True((await receiver.NextPostAsync()).SignatureValid);
        Assert.Equal("****" + rotated.Value![^4..], (await engine.Webhooks.GetAsync(engine.Organization.Id, created.Webhook.Id))!.MaskedSecret);
    }
}
