namespace WebhookConsole.Engine.Operations;

/// <summary>The three places operational events can go (operational notification channels).</summary>
public enum NotificationChannel
{
    Webhook,
    Slack,
    Email,
}

/// <summary>What one send did: a sentence for the console and the log, without the URL, secret or password.</summary>
public sealed record NotificationOutcome(NotificationChannel Channel, bool Succeeded, string Message);
