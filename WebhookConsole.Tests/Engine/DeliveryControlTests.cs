using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Scheduling;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine;

public sealed class DeliveryControlTests() : EngineWithReceiver(new ManualTimeProvider())
{
    private DeliveryControl Control => Engine.Services.GetRequiredService<DeliveryControl>();

    private DeliveryLog Log => Engine.Services.GetRequiredService<DeliveryLog>();

    [Fact]
    public async Task Redeliver_SucceededDelivery_SendsANewAttemptWithTheSameIds()
    {
        await Engine.CreateActiveWebhookAsync(Receiver.Url, "login");
        await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));
        await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);
        var first = await Receiver.NextPostAsync();
        var id = (await Log.ListAsync(Engine.Organization.Id))[0].Id;

        var result = await Control.RedeliverAsync(Engine.Organization.Id, id);
        await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);

        Assert.True(result.Succeeded);
        var second = await Receiver.NextPostAsync();
        Assert.Equal(first.BodyText, second.BodyText);
        var delivery = (await Log.GetAsync(Engine.Organization.Id, id))!;
        Assert.Equal(2, delivery.Attempts.Count);
        Assert.Equal(DeliveryStatus.Succeeded, delivery.Status);
    }

    [Fact]
    public async Task Recover_FailedDeliveriesSinceATime_RequeuesOnlyThose()
    {
        var created = await Engine.CreateActiveWebhookAsync(Receiver.Url, "login");
        for (var i = 0; i < 20; i++)
        {
            Receiver.PostStatuses.Enqueue(500);
        }

        await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));
        Time.Advance(TimeSpan.FromMinutes(1));
        var since = Time.GetUtcNow();
        await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "AuthenticationFailed_v1", "{}"));
        // Five failures open the endpoint's circuit; its probes (30 s doubling to 10 min) then use up the retries.
        for (var minute = 0; minute <= 70; minute++)
        {
            await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);
            Time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.All(await Log.ListAsync(Engine.Organization.Id), d => Assert.Equal(DeliveryStatus.Failed, d.Status));
        Receiver.PostStatuses.Clear();

        var recovered = await Control.RecoverAsync(Engine.Organization.Id, created.Webhook.Id, since);
        Time.Advance(CircuitBreaker.MaxCoolDown);
        await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);

        Assert.Equal(1, recovered.Value);
        var rows = await Log.ListAsync(Engine.Organization.Id);
        Assert.Equal(DeliveryStatus.Succeeded, rows.Single(d => d.EventName == "AuthenticationFailed_v1").Status);
        Assert.Equal(DeliveryStatus.Failed, rows.Single(d => d.EventName == "AuthenticationSucceeded_v1").Status);
    }

    [Fact]
    public async Task Cancel_RetryingDelivery_IsNeverSentAgain()
    {
        await Engine.CreateActiveWebhookAsync(Receiver.Url, "login");
        Receiver.PostStatuses.Enqueue(500);
        await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));
        await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);
        var id = (await Log.ListAsync(Engine.Organization.Id))[0].Id;

        var cancelled = await Control.CancelAsync(Engine.Organization.Id, id);
        Time.Advance(TimeSpan.FromMinutes(5));
        var claimed = await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);

        Assert.True(cancelled.Succeeded);
        Assert.Equal(0, claimed);
        Assert.Equal(DeliveryStatus.Cancelled, (await Log.GetAsync(Engine.Organization.Id, id))!.Status);
        var again = await Control.CancelAsync(Engine.Organization.Id, id);
        Assert.Contains("Only pending or retrying", again.Errors[0].Message);
    }

    [Fact]
    public async Task CancelPending_WebhookWithQueuedDeliveries_CancelsThemAll()
    {
        var created = await Engine.CreateActiveWebhookAsync(Receiver.Url, "login");
        for (var i = 0; i < 3; i++)
        {
            await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));
        }

        var result = await Control.CancelPendingAsync(Engine.Organization.Id, created.Webhook.Id);

        Assert.Equal(3, result.Value);
        Assert.Equal(0, await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None));
    }

    [Fact]
    public async Task RotateSecret_WebSubWebhook_NewDeliveriesAreSignedWithTheNewSecret()
    {
        var created = await Engine.CreateActiveWebhookAsync(Receiver.Url, "login");

        var rotated = await Engine.Webhooks.RotateSecretAsync(Engine.Organization.Id, created.Webhook.Id, null, TimeSpan.FromHours(1));
        Receiver.Secret = rotated.Value;
        await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));
        await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);

        Assert.NotEqual(created.Secret, rotated.Value);
        Assert.True((await Receiver.NextPostAsync()).SignatureValid);
        Assert.Equal("****" + rotated.Value![^4..], (await Engine.Webhooks.GetAsync(Engine.Organization.Id, created.Webhook.Id))!.MaskedSecret);
    }
}
