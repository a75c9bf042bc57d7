using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Configuration;
using WebhookConsole.Engine.Diagnostics;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Engine.Organizations;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Engine.Scheduling;

namespace WebhookConsole.Engine.Delivery;

/// <summary>Accepts events from the identity system (the REST API or in-process).</summary>
public interface IEventPublisher
{
    /// <summary>
    /// Stores the event and one delivery per active webhook subscribed to it, in one transaction, and
    /// wakes the dispatchers. Invalid input stores nothing. An event whose idempotency key (within
    /// <c>Events:IdempotencyWindow</c>) or event id was seen before stores nothing and answers the first event's id.
    /// </summary>
    /// <exception cref="EventIdTakenException">The event id is another organization's event's.</exception>
    Task<PublishResult> PublishAsync(EventToPublish @event, CancellationToken cancellationToken = default);

    /// <summary>Publishes several events in one transaction: all are stored, or (on any invalid one) none.</summary>
    /// <exception cref="EventIdTakenException">An event id is another organization's event's; nothing was stored.</exception>
    Task<IReadOnlyList<PublishResult>> PublishManyAsync(IReadOnlyList<EventToPublish> events, CancellationToken cancellationToken = default);
}

/// <summary>An event to publish. <paramref name="PayloadJson"/> must be a JSON object.</summary>
/// <param name="OnlyWebhookId">Deliver to this webhook alone (a console test event), if it is subscribed and active.</param>
/// <param name="Copies">Deliveries per webhook: 2 sends the same event twice (test events' <c>duplicates</c>).</param>
/// <param name="IdempotencyKey">The publisher's key for this event (<c>Idempotency-Key</c>): a retry with the same key stores nothing.</param>
public sealed record EventToPublish(
    Guid OrganizationId,
    string? EventName,
    string? PayloadJson,
    bool IsTestEvent = false,
    Guid? EventId = null,
    Guid? OnlyWebhookId = null,
    int Copies = 1,
    string? IdempotencyKey = null);

/// <summary>The stored event's id and how many deliveries it made, or what was wrong with it.</summary>
/// <param name="Duplicate">The idempotency key or event id was seen before: <paramref name="EventId"/> is the first event's, and nothing was stored.</param>
public sealed record PublishResult(Guid EventId, int DeliveryCount, IReadOnlyList<FieldError> Errors, bool Duplicate = false)
{
    public bool Accepted => Errors.Count == 0;
}

/// <summary>A publisher-sent event id that another organization's event already has.</summary>
public sealed class EventIdTakenException(int index, Guid eventId)
    : Exception($"The event id {eventId} is already used by another event; send another event_metadata.event_id or none.")
{
    /// <summary>The event's position in the published list.</summary>
    public int Index { get; } = index;

    public Guid EventId { get; } = eventId;
}

/// <summary>
/// Group commit: concurrent callers' events are written together, by one writer, in one transaction per batch,
/// so SQLite's single write lock is taken once for many events instead of fought over by every caller. A caller's
/// task completes only after its batch has committed: an accepted event is durable.
/// </summary>
internal sealed partial class EventPublisher : IEventPublisher, IAsyncDisposable, IDisposable
{
    private const int MaxEventsPerBatch = 1000;

    /// <summary>Why a disabled organization's event is refused.</summary>
    public const string DisabledOrganization =
        "The organization is disabled: its events are refused until a platform operator enables it again (nothing of it was deleted).";

    private readonly TimeProvider _time;
    private readonly AcceptanceSequence _sequence;
    private readonly DispatchSignal _signal;
    private readonly EngineNotifier _notifier;
    private readonly IOptionsMonitor<EventsOptions> _options;
    private readonly ILogger<EventPublisher> _logger;
    private readonly QueueStore _store;
    private readonly OrganizationDirectory _organizations;
    private readonly Privacy.SubjectKeys _subjects;
    private readonly DeliveryHandoff _handoff;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public EventPublisher(
        TimeProvider time, DispatchSignal signal, EngineNotifier notifier, QueueStore store, AcceptanceSequence sequence,
        OrganizationDirectory organizations, IOptionsMonitor<EventsOptions> options, ILogger<EventPublisher> logger, Privacy.SubjectKeys subjects,
        DeliveryHandoff handoff)
    {
        _handoff = handoff;
        _store = store;
        _organizations = organizations;
        _subjects = subjects;
        _time = time;
        _sequence = sequence;
        _signal = signal;
        _notifier = notifier;
        _options = options;
        _logger = logger;
        _writer = Task.Run(WriteLoopAsync);
    }

    public async Task<PublishResult> PublishAsync(EventToPublish @event, CancellationToken cancellationToken = default) =>
        (await PublishManyAsync([@event], cancellationToken))[0];

    public async Task<IReadOnlyList<PublishResult>> PublishManyAsync(IReadOnlyList<EventToPublish> events, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var validate = _options.CurrentValue.ValidatePayloads;
        var shaped = new EventContent.Shaped[events.Count];
        var results = new PublishResult[events.Count];
        var invalid = false;
        for (var i = 0; i < events.Count; i++)
        {
            var organization = await _organizations.FindAsync(events[i].OrganizationId, cancellationToken);
            var errors = Validate(events[i], organization, now, validate, out shaped[i]!);
            results[i] = new PublishResult(Guid.Empty, 0, errors);
            invalid |= errors.Count > 0;
        }

        if (invalid)
        {
            return results;
        }

        var pending = new PendingWrite(events, shaped, StartSpans(events, shaped));
        if (!_queue.Writer.TryWrite(pending))
        {
            pending.EndSpans(null);
            throw new InvalidOperationException("The event publisher is shutting down.");
        }

        // Once queued, the write happens whatever the caller does; cancelling only stops the waiting.
        return await pending.Completion.Task.WaitAsync(cancellationToken);
    }

    // One span per event, in the event's own trace; the caller's activity stays current for what it does next.
    private static Activity?[]? StartSpans(IReadOnlyList<EventToPublish> events, EventContent.Shaped[] shaped)
    {
        if (!DeliveryTracing.Source.HasListeners())
        {
            return null;
        }

        var caller = Activity.Current;
        var spans = new Activity?[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            spans[i] = DeliveryTracing.StartPublish(shaped[i].EventId, events[i].EventName!, events[i].OrganizationId);
            Activity.Current = caller;
        }

        return spans;
    }

    // On SQLite the next batch is stored while the one before it commits: its rows are queued behind that batch's in
    // the single writer (QueueWriter), which often runs both in one transaction, so commits are fewer and fuller.
    // Batches are queued one after another, in this loop, and the writer keeps the queue's order, so acceptance order
    // (AcceptanceSequence) is still commit order. On PostgreSQL, where each batch commits in a transaction of its own,
    // one batch at a time keeps that order.
    private async Task WriteLoopAsync()
    {
        var committing = new Queue<Task>();
        var depth = _store.CommitsInQueueOrder ? 2 : 1;
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (committing.Count >= depth)
            {
                await committing.Dequeue();
            }

            var batch = new List<PendingWrite>();
            var events = 0;
            while (events < MaxEventsPerBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
                events += pending.Events.Count;
            }

            if (batch.Count > 0)
            {
                committing.Enqueue(await QueueOrFailAsync(batch, committing.LastOrDefault()));
            }
        }

        await Task.WhenAll(committing);
    }

    // Queues the batch's insert and returns what finishes it: its callers' results once it commits, or the retries.
    private async Task<Task> QueueOrFailAsync(List<PendingWrite> batch, Task? before)
    {
        try
        {
            return CompleteAsync(batch, await QueueAsync(batch), before);
        }
        catch (Exception ex)
        {
            return FailedAsync(batch, ex, before);
        }
    }

    private async Task CompleteAsync(List<PendingWrite> batch, QueuedBatch queued, Task? before)
    {
        Guid?[] duplicates;
        try
        {
            duplicates = await queued.CommittedAsync();
        }
        catch (Exception ex)
        {
            await FailedAsync(batch, ex, before);
            return;
        }

        Complete(batch, queued, duplicates);
    }

    // A caller alone gets the exception. In a batch, one caller's write broke it: each is written on its own so the
    // others still commit, after the batch queued before it has finished (a retry never overtakes it), each with new
    // acceptance numbers.
    private async Task FailedAsync(List<PendingWrite> batch, Exception exception, Task? before)
    {
        if (batch.Count == 1)
        {
            batch[0].Fail(exception);
            return;
        }

        Log.BatchRetried(_logger, batch.Count, exception);
        if (before is not null)
        {
            await before.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        foreach (var pending in batch)
        {
            try
            {
                var queued = await QueueAsync([pending]);
                Complete([pending], queued, await queued.CommittedAsync());
            }
            catch (Exception single)
            {
                pending.Fail(single);
            }
        }
    }

    /// <summary>A batch's rows, the transaction that stores them, and those of its deliveries leased to this node's dispatcher.</summary>
    private sealed record QueuedBatch(List<EventWrite> Writes, Task<Guid?[]> Commit, HandoffBatch Handoff)
    {
        /// <summary>The commit's duplicates; when it failed, the room set aside for the handovers is given back first.</summary>
        public async Task<Guid?[]> CommittedAsync()
        {
            try
            {
                return await Commit;
            }
            catch
            {
                Handoff.Release();
                throw;
            }
        }
    }

    // The batch's subscribers and rows, then its insert queued (QueueStore.InsertAsync queues before it first waits).
    private async Task<QueuedBatch> QueueAsync(List<PendingWrite> batch)
    {
        var now = _time.GetUtcNow();
        var subscribers = await _store.SubscribersAsync(batch.SelectMany(p => p.Events).Select(e => (e.OrganizationId, e.EventName!)));
        var handoff = _handoff.Begin(now);
        try
        {
            var writes = Rows(batch, subscribers, handoff, now);
            return new QueuedBatch(writes, _store.InsertAsync(writes, now - _options.CurrentValue.IdempotencyWindow), handoff);
        }
        catch
        {
            handoff.Release();
            throw;
        }
    }

    // Each event's row and its deliveries' rows; a delivery the dispatcher can take at once is leased to it (DeliveryHandoff).
    private List<EventWrite> Rows(List<PendingWrite> batch, Dictionary<(Guid, string), List<Subscriber>> subscribers, HandoffBatch handoff, DateTimeOffset now)
    {
        var writes = new List<EventWrite>();
        foreach (var pending in batch)
        {
            for (var i = 0; i < pending.Events.Count; i++)
            {
                var @event = pending.Events[i];
                var webhooks = subscribers[(@event.OrganizationId, @event.EventName!)];
                if (@event.OnlyWebhookId is { } onlyId)
                {
                    webhooks = [.. webhooks.Where(w => w.WebhookId == onlyId)];
                }

                var stored = new WebhookEvent
                {
                    Id = pending.Shaped[i].EventId,
                    OrganizationId = @event.OrganizationId,
                    Name = @event.EventName!,
                    Payload = pending.Shaped[i].Payload,
                    IsTestEvent = pending.Shaped[i].IsTestEvent,
                    ReceivedAt = now,
                };
                var deliveries = new List<Domain.Delivery>(webhooks.Count * Math.Max(1, @event.Copies));
                foreach (var webhook in webhooks)
                {
                    for (var copy = 0; copy < Math.Max(1, @event.Copies); copy++)
                    {
                        var delivery = new Domain.Delivery
                        {
                            Id = TimeOrderedId.New(now),
                            EventId = stored.Id,
                            Event = stored,
                            EventName = stored.Name,
                            IsTestEvent = stored.IsTestEvent,
                            WebhookId = webhook.WebhookId,
                            OrganizationId = @event.OrganizationId,
                            Status = DeliveryStatus.Pending,
                            CreatedAt = now,
                            NextAttemptAt = now,
                            Sequence = _sequence.Next(),
                        };
                        handoff.TryLease(delivery, webhook.Unconstrained);
                        deliveries.Add(delivery);
                    }
                }

                writes.Add(new EventWrite(stored, @event.IdempotencyKey, deliveries, pending.Shaped[i].Subjects));
            }
        }

        return writes;
    }

    // The batch committed: the dispatcher gets the deliveries leased to it and hears of the others, then each caller
    // gets its results (so a caller that returns finds its deliveries on their way), and the console hears of them all.
    private void Complete(List<PendingWrite> batch, QueuedBatch queued, Guid?[] duplicates)
    {
        var writes = queued.Writes;
        var stored = writes.Where((_, i) => duplicates[i] is null).ToList();
        var created = stored.Sum(w => w.Deliveries.Count);
        if (created > queued.Handoff.Deliver(stored.SelectMany(w => w.Deliveries)))
        {
            _signal.Notify();
        }

        var next = 0;
        foreach (var pending in batch)
        {
            var results = new PublishResult[pending.Events.Count];
            for (var i = 0; i < results.Length; i++, next++)
            {
                results[i] = duplicates[next] is { } first
                    ? new PublishResult(first, 0, [], Duplicate: true)
                    : new PublishResult(writes[next].Event.Id, writes[next].Deliveries.Count, []);
            }

            pending.Complete(results);
        }

        foreach (var delivery in stored.SelectMany(w => w.Deliveries))
        {
            _notifier.Publish(new EngineChange(EngineChangeKind.DeliveryCreated, delivery.OrganizationId, delivery.WebhookId, delivery.Id));
        }
    }

    // On the caller's thread, not the single writer's: the payload is parsed, shaped and its subjects found here.
    private List<FieldError> Validate(
        EventToPublish @event, OrganizationEntry? organization, DateTimeOffset now, bool validatePayload, out EventContent.Shaped? shaped)
    {
        var errors = new List<FieldError>();
        shaped = null;
        if (organization is null)
        {
            errors.Add(new FieldError("organization_id", "No organization has this id."));
            return errors;
        }

        if (organization.IsDisabled)
        {
            errors.Add(new FieldError("organization_id", DisabledOrganization));
            return errors;
        }

        var type = EventCatalog.FindEvent(@event.EventName);
        if (string.IsNullOrWhiteSpace(@event.EventName))
        {
            errors.Add(new FieldError("event_name", "The event name is required."));
        }
        else if (type is null)
        {
            errors.Add(new FieldError("event_name", $"The event name '{@event.EventName}' is not a known event trigger (for example AuthenticationSucceeded_v1)."));
        }

        if (@event.IdempotencyKey is { } key && !IsValidKey(key))
        {
            errors.Add(new FieldError("idempotency_key",
                $"The idempotency key must be 1 to {IdempotencyKey.MaxLength} printable ASCII characters (letters, digits, punctuation, spaces)."));
        }

        if (type is null)
        {
            return errors;
        }

        shaped = EventContent.Shape(type.Name, @event.PayloadJson ?? "{}", @event.OrganizationId, organization.Depth, @event.EventId ?? TimeOrderedId.New(now),
            @event.IsTestEvent, now, _subjects, errors);
        if (shaped is not null && validatePayload)
        {
            errors.AddRange(EventSchemaValidator.Validate(type, JsonNode.Parse(shaped.Payload)));
        }

        return errors;
    }

    private static bool IsValidKey(string key) => key.Length is > 0 and <= IdempotencyKey.MaxLength && key.All(c => c is >= ' ' and <= '~');

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

    private sealed record PendingWrite(IReadOnlyList<EventToPublish> Events, EventContent.Shaped[] Shaped, Activity?[]? Spans)
    {
        public TaskCompletionSource<IReadOnlyList<PublishResult>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Complete(PublishResult[] results)
        {
            EndSpans(results);
            Completion.TrySetResult(results);
        }

        public void Fail(Exception exception)
        {
            EndSpans(null);
            // A taken event id names the caller's own index, not the batch's.
            Completion.TrySetException(exception is EventIdTakenException taken
                ? new EventIdTakenException(Array.FindIndex(Shaped, s => s.EventId == taken.EventId), taken.EventId)
                : exception);
        }

        public void EndSpans(PublishResult[]? results)
        {
            for (var i = 0; i < (Spans?.Length ?? 0); i++)
            {
                if (Spans![i] is not { } span)
                {
                    continue;
                }

                if (results is null)
                {
                    span.SetStatus(ActivityStatusCode.Error, "not stored");
                }
                else
                {
                    span.SetTag(DeliveryTracing.DeliveriesTag, results[i].DeliveryCount);
                    span.SetTag(DeliveryTracing.DuplicateTag, results[i].Duplicate);
                    if (results[i].Duplicate)
                    {
                        span.SetTag(DeliveryTracing.EventIdTag, results[i].EventId.ToString());
                    }
                }

                span.Stop();
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "A batch of {Count} event writes failed; writing them one by one.")]
        public static partial void BatchRetried(ILogger logger, int count, Exception exception);
    }
}
