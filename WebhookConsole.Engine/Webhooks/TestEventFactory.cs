using WebhookConsole.Engine.Catalog;

namespace WebhookConsole.Engine.Webhooks;

/// <summary>
/// Makes realistic random event payloads: <c>event_metadata</c> with <c>is_test_event: true</c>, plus the fields the
/// event type's schema lists (<see cref="EventSchemas"/>), so every test event conforms to its schema.
/// </summary>
public static class TestEventFactory
{
    public static string Create(string eventName, Guid eventId, Guid organizationId, DateTimeOffset now) =>
        EventSchemas.ExampleOf(EventCatalog.FindEvent(eventName) ?? throw new ArgumentException($"Unknown event type {eventName}.", nameof(eventName)),
            eventId, organizationId, now, isTestEvent: true, random: true).ToJsonString();
}
