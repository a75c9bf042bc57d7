using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Engine.Persistence;

namespace WebhookConsole.Engine.Delivery;

/// <summary>Accepts events from the identity system (the REST API or in-process).</summary>
public interface IEventPublisher
{
    /// <summary>
    /// Stores the event and one delivery per active webhook subscribed to it, in one transaction, and
    /// wakes the dispatchers. Invalid input stores nothing.
    /// </summary>
    Task<PublishResult> PublishAsync(EventToPublish @event, CancellationToken cancellationToken = default);

    /// <summary>Publishes several events in one transaction: all are stored, or (on any invalid one) none.</summary>
    Task<IReadOnlyList<PublishResult>> PublishManyAsync(IReadOnlyList<EventToPublish> events, CancellationToken cancellationToken = default);
}

/// <summary>An event to publish. <paramref name="PayloadJson"/> must be a JSON object.</summary>
/// <param name="OnlyWebhookId">Deliver to this webhook alone (a console test event), if it is subscribed and active.</param>
/// <param name="Copies">Deliveries per webhook: 2 sends the same event twice (test events' <c>duplicates</c>).</param>
public sealed record EventToPublish(
    Guid OrganizationId,
    string? EventName,
    string? PayloadJson,
    bool IsTestEvent = false,
    Guid? EventId = null,
    Guid? OnlyWebhookId = null,
    int Copies = 1);

/// <summary>The stored event's id and how many deliveries it made, or what was wrong with it.</summary>
public sealed record PublishResult(Guid EventId, int DeliveryCount, IReadOnlyList<FieldError> Errors)
{
    public bool Accepted => Errors.Count == 0;
}

internal sealed class EventPublisher(
    IDbContextFactory<WebhookDbContext> dbs,
    TimeProvider time,
    DispatchSignal signal,
    EngineNotifier notifier) : IEventPublisher
{
    public async Task<PublishResult> PublishAsync(EventToPublish @event, CancellationToken cancellationToken = default) =>
        (await PublishManyAsync([@event], cancellationToken))[0];

    public async Task<IReadOnlyList<PublishResult>> PublishManyAsync(IReadOnlyList<EventToPublish> events, CancellationToken cancellationToken = default)
    {
        var payloads = new string[events.Count];
        var invalid = false;
        var results = new PublishResult[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var errors = Validate(events[i], out payloads[i]!);
            results[i] = new PublishResult(Guid.Empty, 0, errors);
            invalid |= errors.Count > 0;
        }

        if (invalid)
        {
            return results;
        }

        var now = time.GetUtcNow();
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var deliveries = new List<Domain.Delivery>();
        var subscribers = new Dictionary<(Guid, string, Guid?), List<Guid>>();
        for (var i = 0; i < events.Count; i++)
        {
            var @event = events[i];
            var key = (@event.OrganizationId, @event.EventName!, @event.OnlyWebhookId);
            if (!subscribers.TryGetValue(key, out var webhookIds))
            {
                subscribers[key] = webhookIds = await SubscribersAsync(db, @event, cancellationToken);
            }

            var stored = new WebhookEvent
            {
                Id = @event.EventId ?? Guid.CreateVersion7(now),
                OrganizationId = @event.OrganizationId,
                Name = @event.EventName!,
                Payload = payloads[i],
                IsTestEvent = @event.IsTestEvent,
                ReceivedAt = now,
            };
            db.Events.Add(stored);
            var made = webhookIds.SelectMany(webhookId => Enumerable.Range(0, Math.Max(1, @event.Copies)).Select(_ => new Domain.Delivery
            {
                Id = Guid.CreateVersion7(now),
                EventId = stored.Id,
                WebhookId = webhookId,
                OrganizationId = @event.OrganizationId,
                Status = DeliveryStatus.Pending,
                CreatedAt = now,
                NextAttemptAt = now,
            })).ToList();
            deliveries.AddRange(made);
            results[i] = new PublishResult(stored.Id, made.Count, []);
        }

        db.Deliveries.AddRange(deliveries);
        await db.SaveChangesAsync(cancellationToken);

        if (deliveries.Count > 0)
        {
            signal.Notify();
        }

        foreach (var delivery in deliveries)
        {
            notifier.Publish(new EngineChange(EngineChangeKind.DeliveryCreated, delivery.OrganizationId, delivery.WebhookId, delivery.Id));
        }

        return results;
    }

    private static Task<List<Guid>> SubscribersAsync(WebhookDbContext db, EventToPublish @event, CancellationToken cancellationToken)
    {
        var webhooks = db.Webhooks.Where(w => w.OrganizationId == @event.OrganizationId && w.Status == WebhookStatus.Active
            && w.Subscriptions.Any(s => s.TriggerType == TriggerType.Event && s.TriggerName == @event.EventName));
        if (@event.OnlyWebhookId is { } onlyId)
        {
            webhooks = webhooks.Where(w => w.Id == onlyId);
        }

        return webhooks.Select(w => w.Id).ToListAsync(cancellationToken);
    }

    private static List<FieldError> Validate(EventToPublish @event, out string? payload)
    {
        var errors = new List<FieldError>();
        payload = null;
        if (string.IsNullOrWhiteSpace(@event.EventName))
        {
            errors.Add(new FieldError("event_name", "The event name is required."));
        }
        else if (EventCatalog.FindEvent(@event.EventName) is null)
        {
            errors.Add(new FieldError("event_name", $"The event name '{@event.EventName}' is not a known event trigger (for example AuthenticationSucceeded_v1)."));
        }

        try
        {
            using var document = JsonDocument.Parse(@event.PayloadJson ?? "{}");
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new FieldError("payload", "The payload must be a JSON object."));
            }
            else
            {
                payload = document.RootElement.GetRawText();
            }
        }
        catch (JsonException)
        {
            errors.Add(new FieldError("payload", "The payload must be valid JSON."));
        }

        return errors;
    }
}
