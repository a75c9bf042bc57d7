using System.Text.Json;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Webhooks;

/// <summary>One entry of <c>POST /test-events</c> (SlashID's webhooks guide): the event type, how many, and whether each is sent twice.</summary>
public sealed record TestEventRequest(string? EventName, int Count = 1, bool Duplicates = false);

/// <summary>
/// Makes random events of the named types with <c>is_test_event: true</c> and publishes them like real ones,
/// all in one transaction. <c>duplicates</c> delivers each event twice with the same event id, so receivers can
/// test their deduplication.
/// </summary>
public sealed class TestEventService(IEventPublisher publisher, Audit.AuditLog audit, TimeProvider time)
{
    public const int MaxEventsPerRequest = 50;

    /// <summary>How many events <paramref name="requests"/> asks for (what rate limits count).</summary>
    public static int CountEvents(IEnumerable<TestEventRequest> requests) => requests.Sum(r => Math.Max(r.Count, 0));

    public async Task<CommandResult<IReadOnlyList<JsonElement>>> CreateAsync(Guid organizationId, IReadOnlyList<TestEventRequest> requests, CancellationToken cancellationToken = default)
    {
        if (Validate(requests) is { } error)
        {
            return CommandResult<IReadOnlyList<JsonElement>>.Invalid([error]);
        }

        var now = time.GetUtcNow();
        var events = requests.SelectMany(r => Enumerable.Range(0, r.Count).Select(_ =>
        {
            var id = TimeOrderedId.New(now);
            return new EventToPublish(organizationId, r.EventName, TestEventFactory.Create(r.EventName!, id, organizationId, now),
                IsTestEvent: true, EventId: id, Copies: r.Duplicates ? 2 : 1);
        })).ToList();
        var results = await publisher.PublishManyAsync(events, cancellationToken);
        if (results.FirstOrDefault(r => !r.Accepted) is { } rejected)
        {
            return CommandResult<IReadOnlyList<JsonElement>>.Invalid(rejected.Errors);
        }

        // The publisher's group commit stores the events (raw SQL, many callers per transaction): this entry follows
        // in a transaction of its own (docs/security.md, audit log).
        await audit.RecordAloneAsync(organizationId, Audit.AuditAction.TestEventSent,
            new Audit.AuditTarget(Audit.AuditTargetType.Event, events.Count == 1 ? events[0].EventId.ToString() : null, string.Join(", ", requests.Select(r => r.EventName).Distinct())),
            new { Count = events.Count, EventIds = events.Select(e => e.EventId).ToList() }, cancellationToken: cancellationToken);

        return CommandResult<IReadOnlyList<JsonElement>>.Ok([.. events.Select(e => JsonDocument.Parse(e.PayloadJson!).RootElement.Clone())]);
    }

    /// <summary>The first broken rule of <paramref name="requests"/>, or null.</summary>
    public static FieldError? Validate(IReadOnlyList<TestEventRequest> requests)
    {
        if (requests.Count == 0)
        {
            return new("event_name", "The request must list at least one test event.");
        }

        foreach (var request in requests)
        {
            if (string.IsNullOrEmpty(request.EventName))
            {
                return new("event_name", "Each test event needs an event_name.");
            }

            if (EventCatalog.FindEvent(request.EventName) is null)
            {
                return new("event_name", $"The event name '{request.EventName}' is not a known event trigger (for example AuthenticationFailed_v1).");
            }

            if (request.Count < 1)
            {
                return new("count", "The count must be at least 1.");
            }
        }

        return CountEvents(requests) > MaxEventsPerRequest
            ? new("count", $"At most {MaxEventsPerRequest} test events can be made in one request.")
            : null;
    }
}
