using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Webhooks;

/// <summary>What an operator (console) or a program (API) gives to create a webhook.</summary>
public sealed class WebhookInput
{
    public string? Name { get; set; }

    public string? Description { get; set; }

    public string? TargetUrl { get; set; }

    public WebhookFormat Format { get; set; } = WebhookFormat.WebSub;

    /// <summary>The HMAC secret; generated when empty. Not used by the <c>jwt</c> format.</summary>
    public string? Secret { get; set; }

    /// <summary>Headers sent with every request; values are encrypted at rest.</summary>
    public Dictionary<string, string[]>? CustomHeaders { get; set; }

    /// <summary>A Go duration (<c>500ms</c>, <c>10s</c>); empty or <c>0s</c> means the defaults.</summary>
    public string? Timeout { get; set; }

    /// <summary>A cap on requests in flight to the endpoint (1-256); null for none beyond the fair share.</summary>
    public int? MaxInFlight { get; set; }

    /// <summary>The most requests a second sent to the endpoint (1-10000); null for no limit.</summary>
    public int? RateLimitPerSecond { get; set; }

    public DeliveryOrdering Ordering { get; set; }

    /// <summary>
    /// Channel slugs to subscribe (every event type of each): the console's way, where at least one is
    /// required. Null when subscriptions are managed as triggers (the API's way, SlashID's webhook API).
    /// </summary>
    public List<string>? Channels { get; set; } = [];

    /// <summary>Triggers to subscribe besides the channels' event types.</summary>
    public List<TriggerInput> Triggers { get; set; } = [];
}

/// <summary>One trigger (SlashID's webhook API): a type and a name from the catalog.</summary>
public sealed record TriggerInput(TriggerType Type, string Name);
