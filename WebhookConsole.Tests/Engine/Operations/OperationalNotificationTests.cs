using System.Text.Json;
using Microsoft.Extensions.Logging;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Operations;
using WebhookConsole.Engine.Receiving;
using WebhookConsole.Engine.Webhooks;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine.Operations;

/// <summary>
/// Operational events reach real channels: a loopback receiver for the operational webhook and for Slack, and a
/// loopback SMTP server for email, all configured through <c>Notifications:*</c>.
/// </summary>
public sealed class OperationalNotificationTests : IAsyncLifetime
{
    private readonly ManualTimeProvider time = new();
    private readonly string secret = WebhookSecrets.Generate(WebhookFormat.Standard);
    private readonly TestSmtpServer smtp = new();
    private TestReceiver receiver = null!;
    private TestReceiver operations = null!;
    private EngineHost engine = null!;

    private OperationalNotifier Notifier => engine.Services.GetRequiredService<OperationalNotifier>();

    public async Task InitializeAsync()
    {
        receiver = await TestReceiver.StartAsync();
        operations = await TestReceiver.StartAsync();
        engine = await EngineHost.StartAsync(time, new Dictionary<string, string?>
        {
            ["Notifications:Webhook:Url"] = operations.Url,
            ["Notifications:Webhook:Secret"] = secret,
            ["Notifications:Slack:WebhookUrl"] = operations.Url + "/slack",
            ["Notifications:Email:Host"] = "127.0.0.1",
            ["Notifications:Email:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Notifications:Email:UseTls"] = "false",
            ["Notifications:Email:From"] = "hub@example.com",
            ["Notifications:Email:To"] = "oncall@example.com",
        });
    }

    public async Task DisposeAsync()
    {
        await engine.DisposeAsync();
        await operations.DisposeAsync();
        await receiver.DisposeAsync();
        await smtp.DisposeAsync();
    }

    [Fact]
    public async Task Dispatch_GoneDisablesWebhook_EveryChannelIsNotifiedAndTheWebhookIsSignedStandard()
    {
        var created = await engine.CreateActiveWebhookAsync(receiver.Url, "login");
        receiver.PostStatuses.Enqueue(410);
        await engine.Publisher.PublishAsync(new(engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));
        await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);

        var outcomes = await Notifier.SendQueuedAsync(CancellationToken.None);

        Assert.Equal(3, outcomes.Count(o => o.Succeeded));
        var posts = new[] { await operations.NextPostAsync(), await operations.NextPostAsync() };
        var signed = posts.Single(p => p.PathAndQuery == "/hook");
        Assert.True(WebhookVerifier.VerifyStandard(secret, signed.Headers, signed.Body, time.GetUtcNow()).IsValid);
        using var body = JsonDocument.Parse(signed.Body);
        Assert.Equal("webhook.disabled", body.RootElement.GetProperty("type").GetString());
        Assert.Equal(created.Webhook.Id, body.RootElement.GetProperty("data").GetProperty("webhook_id").GetGuid());
        Assert.Contains("410 Gone", body.RootElement.GetProperty("data").GetProperty("message").GetString());
        var slack = posts.Single(p => p.PathAndQuery == "/hook/slack");
        using var slackBody = JsonDocument.Parse(slack.Body);
        Assert.StartsWith("*Webhook Test webhook disabled*", slackBody.RootElement.GetProperty("text").GetString());
        var mail = await smtp.NextMessageAsync();
        Assert.Contains("Subject: [WebhookConsole] Webhook Test webhook disabled", mail);
        Assert.Contains("oncall@example.com", mail);
    }

    [Fact]
    public async Task Dispatch_RetriesRunOut_RaisesDeliveryGivenUp()
    {
        await engine.CreateActiveWebhookAsync(receiver.Url, "login");
        for (var i = 0; i < 10; i++)
        {
            receiver.PostStatuses.Enqueue(500);
        }

        await engine.Publisher.PublishAsync(new(engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));
        for (var round = 0; round < 8; round++)
        {
            await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);
            time.Advance(TimeSpan.FromMinutes(11));
        }

        await Notifier.SendQueuedAsync(CancellationToken.None);

        var signed = await operations.NextPostAsync();
        using var body = JsonDocument.Parse(signed.Body);
        Assert.Equal("delivery.given_up", body.RootElement.GetProperty("type").GetString());
        Assert.Contains("will not be retried", body.RootElement.GetProperty("data").GetProperty("message").GetString());
        Assert.NotEqual(JsonValueKind.Null, body.RootElement.GetProperty("data").GetProperty("delivery_id").ValueKind);
    }

    [Fact]
    public async Task RunPending_SubscriptionNotConfirmed_RaisesVerificationFailed()
    {
        receiver.AnswerVerification = _ => (500, "no");
        var created = await engine.CreateWebhookAsync(receiver.Url, "login");
        await engine.Webhooks.SetActiveAsync(engine.Organization.Id, created.Webhook.Id, true);
        await engine.Verification.RunPendingAsync(CancellationToken.None);

        await Notifier.SendQueuedAsync(CancellationToken.None);

        var signed = await operations.NextPostAsync();
        using var body = JsonDocument.Parse(signed.Body);
        Assert.Equal("verification.failed", body.RootElement.GetProperty("type").GetString());
        Assert.Contains("channel 'login'", body.RootElement.GetProperty("data").GetProperty("message").GetString());
    }

    [Fact]
    public async Task SendAsync_SlackAnswers500_ReportsTheStatusWithoutTheUrl()
    {
        operations.PostStatuses.Enqueue(500);
        var sender = engine.Services.GetRequiredService<NotificationSender>();

        var outcome = await sender.SendAsync(NotificationChannel.Slack,
            new OperationalEvent(OperationalEventKind.Test, engine.Organization.Id, null, null, "test", time.GetUtcNow()), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Equal("The endpoint answered 500.", outcome.Message);
    }

    [Fact]
    public async Task SendQueued_ChannelsAnswer500_LogsChannelAndStatusButNoUrlOrSecret()
    {
        operations.PostStatuses.Enqueue(500);
        operations.PostStatuses.Enqueue(500);
        var recorded = new RecordingLoggerProvider();
        using var logging = LoggerFactory.Create(builder => builder.AddProvider(recorded));
        var events = new OperationalEvents();
        var notifier = new OperationalNotifier(events, engine.Services.GetRequiredService<NotificationSender>(), logging.CreateLogger<OperationalNotifier>());
        events.Raise(new OperationalEvent(OperationalEventKind.Test, engine.Organization.Id, null, null, "test", time.GetUtcNow()));

        var outcomes = await notifier.SendQueuedAsync(CancellationToken.None);

        Assert.Equal([false, false, true], outcomes.Select(o => o.Succeeded));
        Assert.Contains(recorded.Lines, l => l.Contains("to the Slack channel failed: The endpoint answered 500.", StringComparison.Ordinal));
        Assert.DoesNotContain(recorded.Lines, l => l.Contains("/hook", StringComparison.Ordinal) || l.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendAsync_EmailServerUnreachable_ReportsAFailure()
    {
        await smtp.DisposeAsync();
        var sender = engine.Services.GetRequiredService<NotificationSender>();

        var outcome = await sender.SendAsync(NotificationChannel.Email,
            new OperationalEvent(OperationalEventKind.Test, engine.Organization.Id, null, null, "test", time.GetUtcNow()), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.NotEmpty(outcome.Message);
    }
}
