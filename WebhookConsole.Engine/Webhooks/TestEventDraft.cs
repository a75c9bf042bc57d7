using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Webhooks;

/// <summary>
/// A test event as the operator sees it before sending (Svix's "Send example"): its type, its id and the payload exactly
/// as <see cref="WebhookService.SendTestEventAsync(Guid, Guid, TestEventDraft, CancellationToken)"/> will publish it.
/// </summary>
public sealed record TestEventDraft(string EventName, Guid EventId, string Payload)
{
    /// <summary>A new random test event of <paramref name="eventName"/> for the organization, dated now.</summary>
    public static TestEventDraft Create(string eventName, Guid organizationId, DateTimeOffset now)
    {
        var eventId = TimeOrderedId.New(now);
        return new(eventName, eventId, TestEventFactory.Create(eventName, eventId, organizationId, now));
    }

    /// <summary>The event types a test event of the webhook can be: those it subscribes to, in catalog order.</summary>
    public static IReadOnlyList<string> EventTypesOf(Webhook webhook) => EventCatalog.EventTypes
        .Where(e => webhook.Subscriptions.Any(s => s.TriggerType == TriggerType.Event && s.TriggerName == e.Name))
        .Select(e => e.Name)
        .ToList();
}
