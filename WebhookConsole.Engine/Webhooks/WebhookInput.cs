using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Webhooks;

/// <summary>What an operator or a program gives to create a webhook.</summary>
public sealed class WebhookInput
{
    public string? Name { get; set; }

    public string? Description { get; set; }

    public string? TargetUrl { get; set; }

    public WebhookFormat Format { get; set; } = WebhookFormat.WebSub;

    /// <summary>The HMAC secret; generated when empty.</summary>
    public string? Secret { get; set; }

    /// <summary>Channel slugs to subscribe (every event type of each).</summary>
    public List<string> Channels { get; set; } = [];
}
