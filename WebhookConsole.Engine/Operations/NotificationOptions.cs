namespace WebhookConsole.Engine.Operations;

/// <summary>
/// The <c>Notifications</c> section: where operational events go. Read from configuration (environment variables in
/// production), so every node of a PostgreSQL deployment has the same channels and secrets never enter the database.
/// </summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    public WebhookChannelOptions Webhook { get; set; } = new();

    public SlackChannelOptions Slack { get; set; } = new();

    public EmailChannelOptions Email { get; set; } = new();
}

/// <summary>An operational webhook in the <c>standard</c> format.</summary>
public sealed class WebhookChannelOptions
{
    public string? Url { get; set; }

    /// <summary><c>whsec_</c> and base64; signs like a standard webhook.</summary>
    public string? Secret { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Url) && !string.IsNullOrWhiteSpace(Secret);
}

/// <summary>A Slack incoming webhook; its URL is a secret.</summary>
public sealed class SlackChannelOptions
{
    public string? WebhookUrl { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(WebhookUrl);
}

/// <summary>Email over SMTP.</summary>
public sealed class EmailChannelOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary>STARTTLS on the connection.</summary>
    public bool UseTls { get; set; } = true;

    public string? From { get; set; }

    /// <summary>One or more addresses, comma-separated.</summary>
    public string? To { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host) && !string.IsNullOrWhiteSpace(From) && !string.IsNullOrWhiteSpace(To);
}
