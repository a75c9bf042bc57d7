using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Extensions.Logging;
using WebhookConsole.Engine.Diagnostics;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Engine.Operations;
using WebhookConsole.Engine.Persistence;

namespace WebhookConsole.Engine.Scheduling;

/// <summary>
/// The endpoints' circuits as this node runs them: it feeds each recorded attempt to <see cref="CircuitBreaker"/>
/// inside the transaction that records the attempt (so every node counts the same failures), and keeps a view of
/// the circuits it last read, so a sender holds back a row claimed before its endpoint's circuit opened. An endpoint
/// that never failed costs nothing here: its successes write nothing.
/// </summary>
public sealed partial class EndpointCircuits
{
    private readonly ConcurrentDictionary<Guid, EndpointState> _view = new();
    private readonly EndpointStateStore _store;
    private readonly DeliveryMetrics _metrics;
    private readonly OperationalEvents _events;
    private readonly EngineNotifier _notifier;
    private readonly ILogger<EndpointCircuits> _logger;

    public EndpointCircuits(SqlDialect dialect, DeliveryMetrics metrics, OperationalEvents events, EngineNotifier notifier, ILogger<EndpointCircuits> logger)
    {
        _store = new EndpointStateStore(new SchedulerSql(dialect));
        _metrics = metrics;
        _events = events;
        _notifier = notifier;
        _logger = logger;
    }

    /// <summary>Takes the states a claim read as this node's view.</summary>
    public void Observe(IReadOnlyDictionary<Guid, EndpointState> states)
    {
        foreach (var (id, state) in states)
        {
            _view[id] = Copy(state);
        }
    }

    /// <summary>Whether rows of <paramref name="webhookId"/> must wait rather than be sent (its circuit is open).</summary>
    public bool IsHolding(Guid webhookId) => _view.TryGetValue(webhookId, out var state) && state.Circuit == CircuitState.Open;

    /// <summary>
    /// Applies a batch's attempts to their endpoints' circuits, in the record transaction: first locks the endpoints
    /// concerned (before the transaction holds any row lock), then returns the step that writes the circuits once
    /// the deliveries are updated. <paramref name="changes"/> gets what changed, to <see cref="Announce"/> after the commit.
    /// </summary>
    public async Task<Func<Task>> RecordAsync(DbConnection connection, DbTransaction transaction,
        IReadOnlyList<(Webhook Webhook, Attempt Attempt)> attempts, DateTimeOffset now, List<CircuitChange> changes)
    {
        var relevant = attempts
            .Select(a => (a.Webhook, a.Attempt, Failed: CircuitBreaker.CountsAsFailure(a.Attempt)))
            .GroupBy(a => a.Webhook.Id)
            .Where(g => g.Any(a => a.Failed) || (_view.TryGetValue(g.Key, out var known) && (known.ConsecutiveFailures > 0 || known.Circuit != CircuitState.Closed)))
            .OrderBy(g => g.Key)
            .ToList();
        if (relevant.Count == 0)
        {
            return () => Task.CompletedTask;
        }

        foreach (var group in relevant)
        {
            await _store.LockAsync(connection, transaction, group.Key, CancellationToken.None);
        }

        return () => WriteAsync(connection, transaction, relevant, now, changes);
    }

    private async Task WriteAsync(DbConnection connection, DbTransaction transaction,
        List<IGrouping<Guid, (Webhook Webhook, Attempt Attempt, bool Failed)>> relevant, DateTimeOffset now, List<CircuitChange> changes)
    {
        var states = await _store.LoadAsync(connection, transaction, [.. relevant.Select(g => g.Key)], forUpdate: true, CancellationToken.None);
        foreach (var group in relevant)
        {
            var state = states.GetValueOrDefault(group.Key) ?? new EndpointState { WebhookId = group.Key };
            var before = (state.Circuit, state.ConsecutiveFailures, state.NextProbeAt);
            var openedAt = state.CircuitSince;
            foreach (var (webhook, attempt, failed) in group.OrderBy(a => a.Attempt.StartedAt + a.Attempt.Duration))
            {
                var transition = CircuitBreaker.Record(state, failed, now);
                if (transition == CircuitTransition.Recovered && openedAt is { } since)
                {
                    await _store.ShiftRetryWindowsAsync(connection, transaction, webhook.Id, now - since, CancellationToken.None);
                }

                if (transition != CircuitTransition.None)
                {
                    changes.Add(new CircuitChange(webhook, transition, Copy(state), openedAt, attempt.ErrorMessage ?? $"HTTP {attempt.ResponseStatus}"));
                }

                openedAt = state.CircuitSince;
            }

            if (before != (state.Circuit, state.ConsecutiveFailures, state.NextProbeAt))
            {
                await _store.SaveAsync(connection, transaction, state, CancellationToken.None);
            }

            _view[group.Key] = Copy(state);
        }
    }

    /// <summary>After the record committed: metrics, the operational notification, the console's refresh, a log line.</summary>
    public void Announce(IReadOnlyList<CircuitChange> changes)
    {
        foreach (var change in changes)
        {
            var (webhook, state) = (change.Webhook, change.State);
            _metrics.RecordCircuitTransition(state.Circuit);
            _notifier.Publish(new EngineChange(EngineChangeKind.WebhookChanged, webhook.OrganizationId, webhook.Id));
            switch (change.Transition)
            {
                case CircuitTransition.Opened:
                    Log.Opened(_logger, webhook.Id, state.ConsecutiveFailures);
                    _events.Raise(new OperationalEvent(OperationalEventKind.CircuitOpened, webhook.OrganizationId, webhook.Id, webhook.Name,
                        $"The endpoint failed {state.ConsecutiveFailures} times in a row (last: {change.LastError}). Its deliveries wait, in order; " +
                        $"one probe goes at {state.NextProbeAt:yyyy-MM-dd HH:mm:ss} UTC.", state.CircuitSince ?? DateTimeOffset.UtcNow));
                    break;
                case CircuitTransition.Recovered:
                    Log.Recovered(_logger, webhook.Id);
                    _events.Raise(new OperationalEvent(OperationalEventKind.EndpointRecovered, webhook.OrganizationId, webhook.Id, webhook.Name,
                        $"A request succeeded after the circuit had been open since {change.OpenedAt:yyyy-MM-dd HH:mm:ss} UTC; its deliveries resume.",
                        change.OpenedAt ?? DateTimeOffset.UtcNow));
                    break;
                case CircuitTransition.ProbeFailed:
                    Log.ProbeFailed(_logger, webhook.Id, state.CoolDown);
                    break;
            }
        }
    }

    private static EndpointState Copy(EndpointState state) => new()
    {
        WebhookId = state.WebhookId,
        Circuit = state.Circuit,
        CircuitSince = state.CircuitSince,
        NextProbeAt = state.NextProbeAt,
        CoolDown = state.CoolDown,
        ConsecutiveFailures = state.ConsecutiveFailures,
        Tokens = state.Tokens,
        TokensAt = state.TokensAt,
    };

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "The circuit of webhook {WebhookId} opened after {Failures} failures in a row.")]
        public static partial void Opened(ILogger logger, Guid webhookId, int failures);

        [LoggerMessage(2, LogLevel.Information, "The circuit of webhook {WebhookId} closed: the endpoint answered again.")]
        public static partial void Recovered(ILogger logger, Guid webhookId);

        [LoggerMessage(3, LogLevel.Information, "The probe to webhook {WebhookId} failed; the next one waits {CoolDown}.")]
        public static partial void ProbeFailed(ILogger logger, Guid webhookId, TimeSpan coolDown);
    }
}

/// <summary>One circuit's transition in a recorded batch, with the state after it and when the circuit had opened.</summary>
public sealed record CircuitChange(Webhook Webhook, CircuitTransition Transition, EndpointState State, DateTimeOffset? OpenedAt, string LastError);
