using System.Data;
using System.Data.Common;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Persistence;

namespace WebhookConsole.Engine.Scheduling;

/// <summary>
/// Leases due deliveries endpoint by endpoint, in one transaction: leases that ran out come back first, then every
/// endpoint with queued rows gets at most its quota (<see cref="EndpointPolicy.Quota"/>): what this process has room
/// for (its fair share, from <see cref="FairLanes{T}"/>), its cap, its FIFO line, its circuit and its rate limit.
/// One endpoint's backlog therefore never stands between another endpoint and the senders.
/// </summary>
public sealed class EndpointClaims
{
    private static readonly TimeSpan ExpiredSweepInterval = TimeSpan.FromSeconds(1);

    private readonly QueueConnections _connections;
    private readonly QueueWriter _writer;
    private readonly TimeProvider _time;
    private readonly SchedulerSql _sql;
    private readonly EndpointStateStore _states;
    private DateTimeOffset _lastExpiredSweep = DateTimeOffset.MinValue;

    public EndpointClaims(QueueConnections connections, QueueWriter writer, SqlDialect dialect, TimeProvider time)
    {
        _connections = connections;
        _writer = writer;
        _time = time;
        _sql = new SchedulerSql(dialect);
        _states = new EndpointStateStore(_sql);
    }

    /// <param name="room">How many more rows this process takes for an endpoint (webhook id, its cap).</param>
    /// <param name="maxPerEndpoint">The most rows one endpoint gets in one claim.</param>
    public async Task<ClaimResult> ClaimAsync(string owner, Func<Guid, int?, int> room, TimeSpan lease, int maxPerEndpoint, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var now = _time.GetUtcNow();
        if (now - _lastExpiredSweep >= ExpiredSweepInterval)
        {
            await ReturnExpiredAsync(connection, now, cancellationToken);
        }

        // Reads first, outside the write turn (publishers and the recorder keep writing meanwhile): which endpoints have
        // due rows, their settings and their states. What a quota depends on is read again inside the write transaction
        // for the endpoints whose quota depends on more than this process's room.
        var (due, wakeAt) = await DiscoverAsync(connection, null, now, cancellationToken);
        if (due.Count == 0)
        {
            return new ClaimResult([], new Dictionary<Guid, EndpointState>(), wakeAt, due);
        }

        var policies = await LoadPoliciesAsync(connection, null, due, cancellationToken);
        var states = await _states.LoadAsync(connection, null, due, forUpdate: false, cancellationToken);
        var claimed = await _writer.WriteAsync(connection, (writeConnection, transaction) =>
            ClaimDueAsync(writeConnection, transaction, owner, room, lease, maxPerEndpoint, now, due, policies, states, cancellationToken), cancellationToken);
        return new ClaimResult(claimed.Ids, states, Earliest(wakeAt, claimed.WakeAt), due);
    }

    // The claim's writes, in the queue's write transaction: each due endpoint's quota of rows, and the states it changed.
    private async Task<(List<Guid> Ids, DateTimeOffset? WakeAt)> ClaimDueAsync(DbConnection connection, DbTransaction transaction, string owner,
        Func<Guid, int?, int> room, TimeSpan lease, int maxPerEndpoint, DateTimeOffset now, List<Guid> due, Dictionary<Guid, EndpointPolicy> policies,
        Dictionary<Guid, EndpointState> states, CancellationToken cancellationToken)
    {
        DateTimeOffset? wakeAt = null;
        var claimed = new List<Guid>();
        // One prepared statement per kind for the whole claim: a fan-out to many endpoints runs it once per endpoint.
        await using var claimDue = ClaimCommand(connection, transaction, _sql.Statements.ClaimDue, owner, now + lease, now);
        await using var claimHead = ClaimCommand(connection, transaction, ClaimSql.ClaimHead, owner, now + lease, now);
        foreach (var webhookId in due)
        {
            if (!policies.TryGetValue(webhookId, out var policy))
            {
                continue;
            }

            var available = Math.Min(room(webhookId, policy.MaxInFlight), maxPerEndpoint);
            if (available <= 0)
            {
                continue;
            }

            var state = states.GetValueOrDefault(webhookId);
            var count = 0;
            if (policy.IsConstrained(state))
            {
                // The recorder (or another node) may have recorded or probed since the reads above.
                await _states.LockAsync(connection, transaction, webhookId, cancellationToken);
                state = (await _states.LoadAsync(connection, transaction, [webhookId], forUpdate: true, cancellationToken)).GetValueOrDefault(webhookId);

                // Only a cap and a FIFO line count leased rows; an unconstrained endpoint's quota does not depend on them.
                count = await CountInFlightAsync(connection, transaction, webhookId, cancellationToken);
            }

            var quota = policy.Quota(state, count, available, now);
            if (quota == 0)
            {
                wakeAt = Earliest(wakeAt, WhenQuotaReturns(policy, state, now));
                continue;
            }

            var ids = await ClaimRowsAsync(policy.Ordering == DeliveryOrdering.Fifo ? claimHead : claimDue, webhookId, quota, cancellationToken);
            claimed.AddRange(ids);
            if (ids.Count > 0 && policy.Status == WebhookStatus.Active && (state is { Circuit: not CircuitState.Closed } || policy.RateLimitPerSecond is not null))
            {
                state ??= new EndpointState { WebhookId = webhookId };
                if (state.Circuit != CircuitState.Closed)
                {
                    CircuitBreaker.TakeProbe(state, now, lease);
                }

                if (policy.RateLimitPerSecond is { } rate)
                {
                    TokenBucket.Take(state, rate, ids.Count, now);
                }

                states[webhookId] = state;
                await _states.SaveAsync(connection, transaction, state, cancellationToken);
            }
        }

        return (claimed, wakeAt);
    }

    /// <summary>
    /// Returns the rows whose lease ran out (their dispatcher died or hung) to the queue: pending when never attempted,
    /// retrying otherwise, each keeping its due time (already past), and so its place in a FIFO line. Returns how many.
    /// </summary>
    public async Task<int> ReturnExpiredAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        return await ReturnExpiredAsync(connection, _time.GetUtcNow(), cancellationToken);
    }

    // A transaction of its own: its row locks must not be held while a claim waits on an endpoint's lock.
    private async Task<int> ReturnExpiredAsync(DbConnection connection, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var returned = await _writer.WriteAsync(connection, async (writeConnection, transaction) =>
        {
            await using var sweep = _sql.Command(writeConnection, transaction, ClaimSql.ReturnExpired, SchedulerSql.Ms("@now", now));
            return await sweep.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
        _lastExpiredSweep = now;
        return returned;
    }

    private async Task<(List<Guid> Due, DateTimeOffset? WakeAt)> DiscoverAsync(DbConnection connection, DbTransaction? transaction, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = new HashSet<Guid>();
        DateTimeOffset? wakeAt = null;
        await using var command = _sql.Command(connection, transaction, ClaimSql.Discover);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var dueAt = SchedulerSql.ReadTime(reader, 1);
            if (dueAt <= now)
            {
                due.Add(_sql.Dialect.ReadId(reader, 0));
            }
            else
            {
                wakeAt = Earliest(wakeAt, dueAt);
            }
        }

        return ([.. due.Order()], wakeAt);
    }

    private async Task<int> CountInFlightAsync(DbConnection connection, DbTransaction transaction, Guid webhookId, CancellationToken cancellationToken)
    {
        await using var command = _sql.Command(connection, transaction, ClaimSql.CountInFlight, _sql.Id("@webhookId", webhookId));
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<Dictionary<Guid, EndpointPolicy>> LoadPoliciesAsync(DbConnection connection, DbTransaction? transaction, List<Guid> ids, CancellationToken cancellationToken)
    {
        var policies = new Dictionary<Guid, EndpointPolicy>();
        await using var command = _sql.Command(connection, transaction, string.Format(ClaimSql.LoadPolicies, _sql.Dialect.InIds("\"Id\"")), _sql.Ids(ids));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var policy = new EndpointPolicy(_sql.Dialect.ReadId(reader, 0), Enum.Parse<WebhookStatus>(reader.GetString(1)),
                reader.IsDBNull(2) ? null : reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetInt32(3), Enum.Parse<DeliveryOrdering>(reader.GetString(4)));
            policies[policy.WebhookId] = policy;
        }

        return policies;
    }

    private DbCommand ClaimCommand(DbConnection connection, DbTransaction transaction, string text, string owner, DateTimeOffset leaseExpiresAt, DateTimeOffset now) =>
        _sql.Command(connection, transaction, text,
            SchedulerSql.Value("@owner", owner, DbType.String), SchedulerSql.Ms("@leaseExpiresAt", leaseExpiresAt), SchedulerSql.Ms("@now", now),
            _sql.Id("@webhookId", Guid.Empty), SchedulerSql.Value("@quota", 0, DbType.Int32));

    private async Task<List<Guid>> ClaimRowsAsync(DbCommand command, Guid webhookId, int quota, CancellationToken cancellationToken)
    {
        command.Parameters["@webhookId"].Value = _sql.Dialect.Id(webhookId);
        command.Parameters["@quota"].Value = quota;
        var ids = new List<Guid>(quota);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(_sql.Dialect.ReadId(reader, 0));
        }

        return ids;
    }

    // When an endpoint held back by its circuit or its rate limit may send again; caps and FIFO lines free up when
    // an attempt is recorded, which wakes the dispatcher by itself.
    private static DateTimeOffset? WhenQuotaReturns(EndpointPolicy policy, EndpointState? state, DateTimeOffset now) =>
        state is { Circuit: not CircuitState.Closed, NextProbeAt: { } probe } && probe > now ? probe
        : policy.RateLimitPerSecond is { } rate ? now + TimeSpan.FromSeconds(1.0 / rate)
        : null;

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;
}

/// <summary>
/// What a claim leased, the endpoint states it read (the dispatcher's view of open circuits), the earliest time
/// at which something not yet due (a retry, a probe, a token) becomes claimable, and the endpoints it found with due rows.
/// </summary>
public sealed record ClaimResult(IReadOnlyList<Guid> Ids, IReadOnlyDictionary<Guid, EndpointState> States, DateTimeOffset? WakeAt, IReadOnlyList<Guid> Due);
