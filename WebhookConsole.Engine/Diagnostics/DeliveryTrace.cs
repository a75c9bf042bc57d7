using WebhookConsole.Engine.Signing;

namespace WebhookConsole.Engine.Diagnostics;

/// <summary>The ids an attempt's trace carries (never a secret or the payload).</summary>
public sealed record DeliveryTrace(Guid DeliveryId, Guid EventId, string EventName, Guid WebhookId, Guid OrganizationId)
{
    public static DeliveryTrace Of(DeliveryContext context) =>
        new(context.DeliveryId, context.Event.Id, context.Event.Name, context.Webhook.Id, context.Organization.Id);
}
