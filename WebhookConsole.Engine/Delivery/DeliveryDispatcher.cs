using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WebhookConsole.Engine.Configuration;
using WebhookConsole.Engine.Diagnostics;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Engine.Scheduling;
using WebhookConsole.Engine.Security;
using WebhookConsole.Engine.Signing;

namespace WebhookConsole.Engine.Delivery;

/// <summary>
/// Sends the queue's due deliveries. In the background it is a pipeline: one claimer leases due rows endpoint by
/// endpoint (<see cref="EndpointClaims"/>) into per-endpoint lanes (<see cref="FairLanes{T}"/>), <c>MaxParallelism</c>
/// senders take rows from the lanes in turn, so a stalled endpoint holds at most its share of them, and one recorder
/// writes finished attempts in batches, with their endpoints' circuits. The database work never stalls the senders.
/// Fresh deliveries that the claim would lease at once anyway come straight from the publisher instead, stored already
/// leased to this dispatcher (<see cref="DeliveryHandoff"/>), into the same lanes.
/// Woken by <see cref="DispatchSignal"/> (new work, a recorded batch, a lane running low), polling as fallback.
/// </summary>
public sealed partial class DeliveryDispatcher(
    EndpointClaims claims,
    EndpointCircuits circuits,
    QueueStore store,
    WebhookSender sender,
    DeliveryOutcomes outcomes,
    SecretProtector protector,
    SigningKeyService signingKeys,
    IEnumerable<IWireFormat> formats,
    DispatchSignal signal,
    DeliveryHandoff handoff,
    DeliveryMetrics metrics,
    EngineNotifier notifier,
    WorkerHeartbeat heartbeat,
    IOptionsMonitor<DeliveryOptions> options,
    TimeProvider time,
    ILogger<DeliveryDispatcher> logger) : BackgroundService
{
    // A lease outlives the longest allowed request (20 s) by a margin, so a live dispatcher never loses its rows.
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(20);
    private const int MaxRecordBatch = 500;

    private readonly Dictionary<WebhookFormat, IWireFormat> _formats = formats.ToDictionary(f => f.Format);

    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    private FairLanes<Work>? _lanes;
    private Channel<IReadOnlyList<Domain.Delivery>>? _handedOver;

    /// <summary>Starts the pipeline; once this returns, the publisher may hand fresh deliveries over (<see cref="DeliveryHandoff"/>).</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var lanes = _lanes = new FairLanes<Work>(settings.MaxParallelism, settings.BatchSize, time);
        lanes.RunningLow += signal.Notify;
        _handedOver = Channel.CreateUnbounded<IReadOnlyList<Domain.Delivery>>(new UnboundedChannelOptions { SingleReader = true });
        handoff.Open(new DeliveryHandoff.Receiver(Owner, () => MaxTimeout + options.CurrentValue.LeaseMargin, endpoint => lanes.Reserve(endpoint, null, 1),
            lanes.Unreserve, _handedOver.Writer));
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.CurrentValue;
        var lanes = _lanes!;
        // Bounded: when recording falls behind, senders wait instead of piling finished attempts up in memory.
        var done = Channel.CreateBounded<Done>(new BoundedChannelOptions(MaxRecordBatch * 2) { SingleReader = true });
        var recorder = Task.Run(() => RecordLoopAsync(done.Reader), CancellationToken.None);
        var senders = Enumerable.Range(0, settings.MaxParallelism).Select(_ => Task.Run(() => SendLoopAsync(lanes, done.Writer, stoppingToken), CancellationToken.None)).ToList();
        var handing = Task.Run(() => HandoffLoopAsync(_handedOver!.Reader, lanes), CancellationToken.None);
        try
        {
            await ClaimLoopAsync(lanes, stoppingToken);
        }
        finally
        {
            // Claimed and handed-over rows always reach a sender, even during shutdown: senders hand them back to the queue.
            handoff.Close();
            await handing;
            lanes.Close();
            await Task.WhenAll(senders);
            done.Writer.TryComplete();
            await recorder;
        }
    }

    /// <summary>Claims one round of due deliveries (each endpoint up to its quota), sends them and records the outcomes. Returns how many it claimed.</summary>
    public async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        var batchSize = options.CurrentValue.BatchSize;
        var (batch, _) = await ClaimAsync((_, _) => batchSize, cancellationToken);
        var finished = new Done[batch.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, batch.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.CurrentValue.MaxParallelism },
            async (i, _) => finished[i] = await SendAsync(batch[i], cancellationToken));
        await RecordAsync(finished);
        return batch.Count;
    }

    private async Task ClaimLoopAsync(FairLanes<Work> lanes, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            heartbeat.Beat(WorkerHeartbeat.DeliveryDispatcher);
            var claimed = 0;
            DateTimeOffset? wakeAt = null;
            try
            {
                var (batch, result) = await ClaimAsync(lanes.Room, stoppingToken);
                claimed = batch.Count;
                wakeAt = result.WakeAt;
                handoff.Claimed(result.Due, batch.GroupBy(w => w.Delivery.WebhookId).Select(lane => (lane.Key, lane.Count())));
                Enqueue(lanes, batch, reserved: false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                Log.ClaimFailed(logger, ex);
            }

            if (claimed == 0)
            {
                var poll = options.CurrentValue.PollInterval;
                var untilDue = wakeAt - time.GetUtcNow();
                var wait = untilDue is { } due && due < poll ? (due > TimeSpan.Zero ? due : TimeSpan.FromMilliseconds(1)) : poll;
                await signal.WaitAsync(wait, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task SendLoopAsync(FairLanes<Work> lanes, ChannelWriter<Done> done, CancellationToken stoppingToken)
    {
        while (await lanes.TakeAsync() is { } next)
        {
            var finished = await SendAsync(next.Item, stoppingToken);
            lanes.Complete(next.Endpoint);
            await done.WriteAsync(finished, CancellationToken.None);
            heartbeat.Beat(WorkerHeartbeat.DeliveryDispatcher);
        }
    }

    private async Task RecordLoopAsync(ChannelReader<Done> done)
    {
        var buffer = new List<Done>(MaxRecordBatch);
        while (await done.WaitToReadAsync())
        {
            while (buffer.Count < MaxRecordBatch && done.TryRead(out var item))
            {
                buffer.Add(item);
            }

            try
            {
                await RecordAsync(buffer);
            }
            catch (Exception ex)
            {
                Log.RecordFailed(logger, buffer.Count, ex);
            }

            // Recorded rows free their endpoints' caps and FIFO lines: the claimer may lease the next ones. Other
            // endpoints' lanes ask for more by themselves when they run low (FairLanes.RunningLow).
            if (buffer.Any(d => d.Released || d.Work.Delivery.Webhook is { MaxInFlight: not null } or { Ordering: DeliveryOrdering.Fifo }))
            {
                signal.Notify();
            }

            buffer.Clear();
        }
    }

    // Deliveries the publisher stored leased to this dispatcher: their webhooks and organizations are read (a webhook
    // may have changed since the event was accepted), and they join their endpoints' lanes on the room set aside for them.
    private async Task HandoffLoopAsync(ChannelReader<IReadOnlyList<Domain.Delivery>> handedOver, FairLanes<Work> lanes)
    {
        while (await handedOver.WaitToReadAsync(CancellationToken.None))
        {
            var deliveries = new List<Domain.Delivery>();
            while (deliveries.Count < MaxRecordBatch && handedOver.TryRead(out var some))
            {
                deliveries.AddRange(some);
            }

            try
            {
                var loaded = await store.LoadEndpointsAsync(deliveries, CancellationToken.None);
                var work = await ToWorkAsync(loaded, CancellationToken.None);
                foreach (var gone in deliveries.Where(d => d.Webhook is null).GroupBy(d => d.WebhookId))
                {
                    lanes.Unreserve(gone.Key, gone.Count());
                }

                if (Enqueue(lanes, work, reserved: true))
                {
                    metrics.RecordHandedOver(work.Count);
                }
            }
            catch (Exception ex)
            {
                foreach (var endpoint in deliveries.GroupBy(d => d.WebhookId))
                {
                    lanes.Unreserve(endpoint.Key, endpoint.Count());
                }

                Log.HandoffFailed(logger, deliveries.Count, ex);
            }
        }
    }

    private static bool Enqueue(FairLanes<Work> lanes, List<Work> batch, bool reserved) =>
        lanes.Enqueue([.. batch.GroupBy(w => w.Delivery.WebhookId)
            .Select(lane => (lane.Key, lane.First().Delivery.Webhook!.MaxInFlight, lane.First().Delivery.Webhook!.RateLimitPerSecond, (IReadOnlyCollection<Work>)[.. lane]))], reserved);

    private async Task<(List<Work> Batch, ClaimResult Result)> ClaimAsync(Func<Guid, int?, int> room, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var result = await claims.ClaimAsync(Owner, room, MaxTimeout + settings.LeaseMargin, settings.BatchSize, cancellationToken);
        circuits.Observe(result.States);
        if (result.Ids.Count == 0)
        {
            return ([], result);
        }

        return (await ToWorkAsync(await store.LoadClaimedAsync(result.Ids, cancellationToken), cancellationToken), result);
    }

    // What a sender needs for each delivery of a batch: its organization, its webhook's secrets and headers, the signing key.
    private async Task<List<Work>> ToWorkAsync(ClaimedBatch claimed, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var state = new BatchState(claimed.Webhooks.Values.ToDictionary(w => w.Id, w => (w.Status, w.FailingSince)));
        var credentials = claimed.Webhooks.Values.ToDictionary(w => w.Id, w => Unprotect(w, now));
        var keys = new Dictionary<Guid, EcSigningKey>();
        foreach (var organizationId in claimed.Webhooks.Values.Where(w => w.Format == WebhookFormat.Jwt).Select(w => w.OrganizationId).Distinct())
        {
            keys[organizationId] = await signingKeys.GetCurrentAsync(organizationId, cancellationToken);
        }

        return [.. claimed.Deliveries.Where(d => d.Webhook is not null).Select(d => new Work(d, claimed.Organizations[d.OrganizationId], credentials[d.WebhookId],
            keys.GetValueOrDefault(d.OrganizationId), state, claimed.Unreadable?.GetValueOrDefault(d.Id)))];
    }

    private async Task<Done> SendAsync(Work work, CancellationToken stoppingToken)
    {
        // Stopping, or the endpoint's circuit opened after the row was claimed: the row goes back to the queue, in its place.
        if (stoppingToken.IsCancellationRequested || circuits.IsHolding(work.Delivery.WebhookId))
        {
            return new Done(work, null, null, Released: true);
        }

        var (delivery, organization, credentials, key, _, unreadable) = work;
        var webhook = delivery.Webhook!;
        if (webhook.Status != WebhookStatus.Active || unreadable is not null)
        {
            return new Done(work, null, null, Released: false);
        }

        var settings = options.CurrentValue;
        var now = time.GetUtcNow();
        var timeout = webhook.Timeout > TimeSpan.Zero ? webhook.Timeout : settings.DefaultEventTimeout;
        // A row that waited in its lane until its lease could run out before its request ends goes back to the queue
        // unsent: once the lease has run out the row may be leased again, here or on another node, and sent twice.
        if (delivery.LeaseExpiresAt is { } leaseExpiresAt && now + timeout > leaseExpiresAt)
        {
            metrics.RecordReturnedUnsent();
            return new Done(work, null, null, Released: true);
        }

        var context = new DeliveryContext(delivery.Id, delivery.Event!, webhook, organization, credentials.Secret,
            settings.PublicBaseUrl.TrimEnd('/'), now, credentials.PreviousSecret, key);
        var request = _formats[webhook.Format].Build(context);
        try
        {
            var outcome = await sender.SendAsync(DeliveryTrace.Of(context), webhook.TargetUrl, request, credentials.Headers, timeout, stoppingToken);
            return new Done(work, AttemptLog.ToAttempt(delivery, webhook, request, credentials.Headers, outcome, rebuildable: true), outcome.RetryAfter, Released: false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return new Done(work, null, null, Released: true);
        }
    }

    private async Task RecordAsync(IReadOnlyList<Done> finished)
    {
        if (finished.Count == 0)
        {
            return;
        }

        foreach (var item in finished)
        {
            outcomes.Apply(item.Work.Delivery, item.Attempt, item.RetryAfter, item.Released, item.Work.Unreadable);
        }

        var changed = finished.Select(f => (f.Work.Delivery.Webhook!, f.Work.Batch)).DistinctBy(p => p.Item1)
            .Where(p => p.Batch.Before[p.Item1.Id] != (p.Item1.Status, p.Item1.FailingSince)).ToList();
        var circuitChanges = new List<CircuitChange>();
        var attempts = finished.Where(f => f.Attempt is not null).Select(f => (f.Work.Delivery.Webhook!, f.Attempt!)).ToList();
        await store.RecordAsync(Owner, [.. finished.Select(f => f.Work.Delivery)], [.. finished.Select(f => f.Attempt)], changed.Select(p => p.Item1),
            (connection, transaction) => circuits.RecordAsync(connection, transaction, attempts, time.GetUtcNow(), circuitChanges));
        circuits.Announce(circuitChanges);
        if (circuitChanges.Count > 0)
        {
            signal.Notify();
        }
        foreach (var (webhook, batch) in changed)
        {
            batch.Before[webhook.Id] = (webhook.Status, webhook.FailingSince);
        }

        foreach (var item in finished)
        {
            var delivery = item.Work.Delivery;
            notifier.Publish(new EngineChange(EngineChangeKind.DeliveryRecorded, delivery.OrganizationId, delivery.WebhookId, delivery.Id));
        }
    }

    private Credentials Unprotect(Webhook webhook, DateTimeOffset now) => new(
        webhook.ProtectedSecret is null ? null : protector.Unprotect(webhook.ProtectedSecret),
        webhook.PreviousProtectedSecret is not null && webhook.PreviousSecretExpiresAt > now ? protector.Unprotect(webhook.PreviousProtectedSecret) : null,
        protector.UnprotectHeaders(webhook.ProtectedCustomHeaders));

    private sealed record Credentials(string? Secret, string? PreviousSecret, IReadOnlyDictionary<string, string[]> Headers);

    /// <summary>What a claimed batch's webhooks looked like when loaded, to write back only what the batch changed.</summary>
    private sealed record BatchState(Dictionary<Guid, (WebhookStatus Status, DateTimeOffset? FailingSince)> Before);

    /// <param name="Unreadable">Why the event's stored payload cannot be read (then nothing is sent), or null.</param>
    private sealed record Work(Domain.Delivery Delivery, Organization Organization, Credentials Credentials, EcSigningKey? Key, BatchState Batch, string? Unreadable);

    private sealed record Done(Work Work, Attempt? Attempt, TimeSpan? RetryAfter, bool Released);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Claiming due deliveries failed; the next claim tries again.")]
        public static partial void ClaimFailed(ILogger logger, Exception exception);

        [LoggerMessage(2, LogLevel.Error, "Recording {Count} finished attempts failed; those deliveries return to the queue when their lease runs out.")]
        public static partial void RecordFailed(ILogger logger, int count, Exception exception);

        [LoggerMessage(3, LogLevel.Error, "Taking {Count} handed-over deliveries failed; they return to the queue when their lease runs out.")]
        public static partial void HandoffFailed(ILogger logger, int count, Exception exception);
    }
}
