using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Engine.Scheduling;

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

/// <summary>
/// Group commit: concurrent callers' events are written together, by one writer, in one transaction per batch,
/// so SQLite's single write lock is taken once for many events instead of fought over by every caller. A caller's
/// task completes only after its batch has committed: an accepted event is durable.
/// </summary>
internal sealed partial class EventPublisher : IEventPublisher, IAsyncDisposable, IDisposable
{
    private const int MaxEventsPerBatch = 1000;

    private readonly IDbContextFactory<WebhookDbContext> _dbs;
    private readonly TimeProvider _time;
    private readonly AcceptanceSequence _sequence;
    private readonly DispatchSignal _signal;
    private readonly EngineNotifier _notifier;
    private readonly ILogger<EventPublisher> _logger;
    private readonly QueueStore _store;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public EventPublisher(
        IDbContextFactory<WebhookDbContext> dbs, TimeProvider time, DispatchSignal signal, EngineNotifier notifier, QueueStore store, AcceptanceSequence sequence,
        ILogger<EventPublisher> logger)
    {
        _store = store;
        _dbs = dbs;
        _time = time;
        _sequence = sequence;
        _signal = signal;
        _notifier = notifier;
        _logger = logger;
        _writer = Task.Run(WriteLoopAsync);
    }

    public async Task<PublishResult> PublishAsync(EventToPublish @event, CancellationToken cancellationToken = default) =>
        (await PublishManyAsync([@event], cancellationToken))[0];

    public async Task<IReadOnlyList<PublishResult>> PublishManyAsync(IReadOnlyList<EventToPublish> events, CancellationToken cancellationToken = default)
    {
        var payloads = new string[events.Count];
        var results = new PublishResult[events.Count];
        var invalid = false;
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

        var pending = new PendingWrite(events, payloads);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The event publisher is shutting down.");
        }

        // Once queued, the write happens whatever the caller does; cancelling only stops the waiting.
        return await pending.Completion.Task.WaitAsync(cancellationToken);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingWrite>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            var events = 0;
            while (events < MaxEventsPerBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
                events += pending.Events.Count;
            }

            try
            {
                await WriteAsync(batch);
            }
            catch (Exception ex) when (batch.Count > 1)
            {
                // One caller's write broke the batch: write each on its own so the others still commit.
                Log.BatchRetried(_logger, batch.Count, ex);
                foreach (var pending in batch)
                {
                    try
                    {
                        await WriteAsync([pending]);
                    }
                    catch (Exception single)
                    {
                        pending.Completion.TrySetException(single);
                    }
                }
            }
            catch (Exception ex)
            {
                batch[0].Completion.TrySetException(ex);
            }

            batch.Clear();
        }
    }

    private async Task WriteAsync(List<PendingWrite> batch)
    {
        var now = _time.GetUtcNow();
        await using var db = await _dbs.CreateDbContextAsync();
        var events = new List<WebhookEvent>();
        var subscribers = new Dictionary<(Guid, string, Guid?), List<Guid>>();
        var deliveries = new List<Domain.Delivery>();
        var results = new List<PublishResult[]>(batch.Count);
        foreach (var pending in batch)
        {
            var pendingResults = new PublishResult[pending.Events.Count];
            for (var i = 0; i < pending.Events.Count; i++)
            {
                var @event = pending.Events[i];
                var key = (@event.OrganizationId, @event.EventName!, @event.OnlyWebhookId);
                if (!subscribers.TryGetValue(key, out var webhookIds))
                {
                    subscribers[key] = webhookIds = await SubscribersAsync(db, @event);
                }

                var stored = new WebhookEvent
                {
                    Id = @event.EventId ?? Guid.CreateVersion7(now),
                    OrganizationId = @event.OrganizationId,
                    Name = @event.EventName!,
                    Payload = pending.Payloads[i],
                    IsTestEvent = @event.IsTestEvent,
                    ReceivedAt = now,
                };
                events.Add(stored);
                var before = deliveries.Count;
                foreach (var webhookId in webhookIds)
                {
                    for (var copy = 0; copy < Math.Max(1, @event.Copies); copy++)
                    {
                        deliveries.Add(new Domain.Delivery
                        {
                            Id = Guid.CreateVersion7(now),
                            EventId = stored.Id,
                            EventName = stored.Name,
                            IsTestEvent = stored.IsTestEvent,
                            WebhookId = webhookId,
                            OrganizationId = @event.OrganizationId,
                            Status = DeliveryStatus.Pending,
                            CreatedAt = now,
                            NextAttemptAt = now,
                            Sequence = _sequence.Next(),
                        });
                    }
                }

                pendingResults[i] = new PublishResult(stored.Id, deliveries.Count - before, []);
            }

            results.Add(pendingResults);
        }

        await _store.InsertAsync(events, deliveries);

        if (deliveries.Count > 0)
        {
            _signal.Notify();
        }

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Completion.TrySetResult(results[i]);
        }

        foreach (var delivery in deliveries)
        {
            _notifier.Publish(new EngineChange(EngineChangeKind.DeliveryCreated, delivery.OrganizationId, delivery.WebhookId, delivery.Id));
        }
    }

    private static Task<List<Guid>> SubscribersAsync(WebhookDbContext db, EventToPublish @event)
    {
        var webhooks = db.Webhooks.AsNoTracking().Where(w => w.OrganizationId == @event.OrganizationId && w.Status == WebhookStatus.Active
            && w.Subscriptions.Any(s => s.TriggerType == TriggerType.Event && s.TriggerName == @event.EventName));
        if (@event.OnlyWebhookId is { } onlyId)
        {
            webhooks = webhooks.Where(w => w.Id == onlyId);
        }

        return webhooks.Select(w => w.Id).ToListAsync();
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

    // Queued writes are finished before the process lets go of the database: an accepted event is never dropped.
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _writer.GetAwaiter().GetResult();
    }

    private sealed record PendingWrite(IReadOnlyList<EventToPublish> Events, string[] Payloads)
    {
        public TaskCompletionSource<IReadOnlyList<PublishResult>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "A batch of {Count} event writes failed; writing them one by one.")]
        public static partial void BatchRetried(ILogger logger, int count, Exception exception);
    }
}
