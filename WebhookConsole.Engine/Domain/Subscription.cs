using WebhookConsole.Engine.Catalog;

namespace WebhookConsole.Engine.Domain;

/// <summary>A webhook's interest in one trigger (SlashID's webhook API "trigger").</summary>
public sealed class Subscription
{
    public long Id { get; set; }

    public Guid WebhookId { get; set; }

    public TriggerType TriggerType { get; set; }

    public required string TriggerName { get; set; }
}
