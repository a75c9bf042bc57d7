using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Engine.Scheduling;

namespace WebhookConsole.Engine.Diagnostics;

/// <summary>
/// The delivery engine's metrics (meter <c>WebhookConsole.Delivery</c>), for any <c>System.Diagnostics.Metrics</c>
/// listener (OpenTelemetry, <c>dotnet-counters</c>): delivery outcomes, attempt durations, the queue depth and, on
/// SQLite, how the write-ahead log's background copy keeps up.
/// </summary>
public sealed class DeliveryMetrics
{
    public const string MeterName = "WebhookConsole.Delivery";
    public const string DeliveriesName = "webhookconsole.deliveries";
    public const string AttemptDurationName = "webhookconsole.attempt.duration";
    public const string QueueDepthName = "webhookconsole.queue.depth";
    public const string HandedOverName = "webhookconsole.deliveries.handed_over";
    public const string ReturnedUnsentName = "webhookconsole.deliveries.returned_unsent";
    public const string OutcomeTag = "outcome";
    public const string CircuitTransitionsName = "webhookconsole.endpoint.circuit_transitions";
    public const string CircuitsOpenName = "webhookconsole.endpoint.circuits_open";
    public const string StateTag = "state";
    public const string LogCheckpointsName = "webhookconsole.sqlite.log_checkpoints";
    public const string LogPagesBehindName = "webhookconsole.sqlite.log_pages_behind";

    /// <summary>How old the cached queue depth may get before an observation refreshes it (in the background).</summary>
    public static readonly TimeSpan QueueDepthMaxAge = TimeSpan.FromSeconds(5);

    private readonly IDbContextFactory<WebhookDbContext> _dbs;
    private readonly TimeProvider _time;
    private readonly Counter<long> _deliveries;
    private readonly Histogram<double> _attemptDuration;
    private readonly Counter<long> _circuitTransitions;
    private readonly Counter<long> _handedOver;
    private readonly Counter<long> _returnedUnsent;
    private readonly Counter<long> _logCheckpoints;
    private long _logPagesBehind;
    private long _queueDepth;
    private long _circuitsOpen;
    private long _queueDepthRefreshedAt; // Unix ms; 0 = never, so the first observation refreshes.
    private int _refreshing;

    public DeliveryMetrics(IMeterFactory meters, IDbContextFactory<WebhookDbContext> dbs, TimeProvider time)
    {
        _dbs = dbs;
        _time = time;
        var meter = meters.Create(MeterName);
        _deliveries = meter.CreateCounter<long>(DeliveriesName, "{delivery}",
            "Delivery outcomes: one per attempt (succeeded, retrying or failed) and one per delivery cancelled unsent.");
        _attemptDuration = meter.CreateHistogram<double>(AttemptDurationName, "ms", "How long one HTTP attempt took, until the response headers or the error.");
        meter.CreateObservableGauge(QueueDepthName, ObserveQueueDepth, "{delivery}", "Deliveries waiting to be sent (pending and retrying).");
        _handedOver = meter.CreateCounter<long>(HandedOverName, "{delivery}",
            "Fresh deliveries stored already leased to this node's dispatcher and sent without a claim (the rest are claimed from the queue).");
        _returnedUnsent = meter.CreateCounter<long>(ReturnedUnsentName, "{delivery}",
            "Leased deliveries given back to the queue unsent because they waited in their endpoint's lane until their lease could run out before a request ended; they are leased and sent again.");
        _circuitTransitions = meter.CreateCounter<long>(CircuitTransitionsName, "{transition}",
            "Endpoint circuits changing state: open (opened, or a probe failed) and closed (recovered).");
        _logCheckpoints = meter.CreateCounter<long>(LogCheckpointsName, "{pass}",
            "SQLite only: passes of the background copy of the write-ahead log into the database file (Persistence/WalCheckpointer).");
        meter.CreateObservableGauge(LogPagesBehindName, () => Interlocked.Read(ref _logPagesBehind), "{page}",
            "SQLite only: pages of the write-ahead log that its last background pass could not copy yet (reads still using them); it should stay near 0.");
        meter.CreateObservableGauge(CircuitsOpenName, () => { ObserveQueueDepth(); return Interlocked.Read(ref _circuitsOpen); }, "{endpoint}",
            "Endpoints whose circuit is open or half open (refreshed with the queue depth).");
    }

    /// <summary>The refresh started by the last stale observation, for tests; completed when none is running.</summary>
    internal Task PendingRefresh { get; private set; } = Task.CompletedTask;

    /// <summary>
    /// Records one attempt: its duration, and what it made of the delivery — <see cref="DeliveryStatus.Succeeded"/>,
    /// <see cref="DeliveryStatus.Retrying"/> (a retry is scheduled) or <see cref="DeliveryStatus.Failed"/> (given up).
    /// </summary>
    public void RecordAttempt(TimeSpan duration, DeliveryStatus outcome)
    {
        if (outcome is not (DeliveryStatus.Succeeded or DeliveryStatus.Retrying or DeliveryStatus.Failed))
        {
            throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "An attempt ends in succeeded, retrying or failed.");
        }

        var tag = new KeyValuePair<string, object?>(OutcomeTag, outcome.ToWord());
        _attemptDuration.Record(duration.TotalMilliseconds, tag);
        _deliveries.Add(1, tag);
    }

    /// <summary>Records deliveries cancelled without an attempt (webhook switched off, operator cancelled).</summary>
    public void RecordCancelled(int count = 1) =>
        _deliveries.Add(count, new KeyValuePair<string, object?>(OutcomeTag, DeliveryStatus.Cancelled.ToWord()));

    /// <summary>Counts fresh deliveries handed straight to this node's dispatcher (<see cref="Delivery.DeliveryHandoff"/>).</summary>
    public void RecordHandedOver(int count) => _handedOver.Add(count);

    /// <summary>Counts a delivery given back to the queue unsent because its lease could run out during its request.</summary>
    public void RecordReturnedUnsent() => _returnedUnsent.Add(1);

    /// <summary>Counts one circuit changing to <paramref name="state"/>.</summary>
    public void RecordCircuitTransition(Scheduling.CircuitState state) =>
        _circuitTransitions.Add(1, new KeyValuePair<string, object?>(StateTag, Scheduling.CircuitStateNames.ToWire(state)));

    /// <summary>Counts one pass of the write-ahead log's background copy, which left <paramref name="pagesBehind"/> pages of the log uncopied.</summary>
    public void RecordLogCheckpoint(long pagesBehind)
    {
        Interlocked.Exchange(ref _logPagesBehind, pagesBehind);
        _logCheckpoints.Add(1);
    }

    /// <summary>Counts the pending and retrying deliveries (and the endpoints whose circuit is not closed) now and caches the numbers for the gauges.</summary>
    public async Task RefreshQueueDepthAsync(CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = await _dbs.CreateDbContextAsync(cancellationToken);
        var depth = await OpenDeliveries.Where(db.Deliveries, OpenDeliveries.Queued).CountAsync(cancellationToken);
        var open = await db.EndpointStates.CountAsync(s => s.Circuit != Scheduling.CircuitState.Closed, cancellationToken);
        Interlocked.Exchange(ref _queueDepth, depth);
        Interlocked.Exchange(ref _circuitsOpen, open);
        Interlocked.Exchange(ref _queueDepthRefreshedAt, now);
    }

    // Collectors may scrape often and from several exporters at once: an observation never waits on the database.
    // It answers the cached count and, when that is older than QueueDepthMaxAge, starts one refresh in the background.
    private long ObserveQueueDepth()
    {
        var age = _time.GetUtcNow().ToUnixTimeMilliseconds() - Interlocked.Read(ref _queueDepthRefreshedAt);
        if (age >= QueueDepthMaxAge.TotalMilliseconds && Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0)
        {
            PendingRefresh = RefreshInBackgroundAsync();
        }

        return Interlocked.Read(ref _queueDepth);
    }

    private async Task RefreshInBackgroundAsync()
    {
        try
        {
            await Task.Yield();
            await RefreshQueueDepthAsync();
        }
        catch (Exception)
        {
            // A failed count keeps the last value; the next stale observation tries again. Readiness reports the database.
        }
        finally
        {
            Interlocked.Exchange(ref _refreshing, 0);
        }
    }
}
