using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Webhooks;

/// <summary>A partial update (API <c>PATCH</c>): null fields stay as they are; a cap or limit is cleared by a set null.</summary>
public sealed class WebhookPatch
{
    public string? Name { get; set; }

    public string? Description { get; set; }

    public string? TargetUrl { get; set; }

    public Dictionary<string, string[]>? CustomHeaders { get; set; }

    public string? Timeout { get; set; }

    public PatchValue<int?> MaxInFlight { get; set; }

    public PatchValue<int?> RateLimitPerSecond { get; set; }

    public DeliveryOrdering? Ordering { get; set; }
}
