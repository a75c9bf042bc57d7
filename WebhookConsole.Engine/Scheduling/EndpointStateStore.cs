using System.Data;
using System.Data.Common;

namespace WebhookConsole.Engine.Scheduling;

/// <summary>Reads and writes <see cref="EndpointState"/> rows inside the scheduler's own transactions (claims and attempt records).</summary>
internal sealed class EndpointStateStore(SchedulerSql sql)
{
    /// <summary>The state rows of <paramref name="webhookIds"/>; with <paramref name="forUpdate"/>, held until the transaction ends (PostgreSQL).</summary>
    public async Task<Dictionary<Guid, EndpointState>> LoadAsync(
        DbConnection connection, DbTransaction? transaction, IReadOnlyCollection<Guid> webhookIds, bool forUpdate, CancellationToken cancellationToken)
    {
        var states = new Dictionary<Guid, EndpointState>();
        if (webhookIds.Count == 0)
        {
            return states;
        }

        var text = string.Format(ClaimSql.LoadStates, sql.Dialect.InIds("\"WebhookId\"")) + (forUpdate ? sql.Statements.LockStatesSuffix : "");
        await using var command = sql.Command(connection, transaction, text, sql.Ids(webhookIds));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var state = new EndpointState
            {
                WebhookId = sql.Dialect.ReadId(reader, 0),
                Circuit = Enum.Parse<CircuitState>(reader.GetString(1)),
                CircuitSince = SchedulerSql.ReadTime(reader, 2),
                NextProbeAt = SchedulerSql.ReadTime(reader, 3),
                CoolDown = TimeSpan.FromMilliseconds(reader.GetInt64(4)),
                ConsecutiveFailures = reader.GetInt32(5),
                Tokens = reader.GetDouble(6),
                TokensAt = SchedulerSql.ReadTime(reader, 7),
            };
            states[state.WebhookId] = state;
        }

        return states;
    }

    public async Task SaveAsync(DbConnection connection, DbTransaction transaction, EndpointState state, CancellationToken cancellationToken)
    {
        await using var command = sql.Command(connection, transaction, ClaimSql.SaveState,
            sql.Id("@webhookId", state.WebhookId),
            SchedulerSql.Value("@circuit", state.Circuit.ToString(), DbType.String),
            SchedulerSql.Ms("@circuitSince", state.CircuitSince),
            SchedulerSql.Ms("@nextProbeAt", state.NextProbeAt),
            SchedulerSql.Value("@coolDown", (long)state.CoolDown.TotalMilliseconds, DbType.Int64),
            SchedulerSql.Value("@consecutiveFailures", state.ConsecutiveFailures, DbType.Int32),
            SchedulerSql.Value("@tokens", state.Tokens, DbType.Double),
            SchedulerSql.Ms("@tokensAt", state.TokensAt));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Holds one endpoint's claims and records against other nodes until the transaction ends (PostgreSQL only).</summary>
    public async Task LockAsync(DbConnection connection, DbTransaction transaction, Guid webhookId, CancellationToken cancellationToken)
    {
        if (sql.Statements.LockEndpoint is not { } text)
        {
            return;
        }

        await using var command = sql.Command(connection, transaction, text,
            SchedulerSql.Value("@key", BitConverter.ToInt64(webhookId.ToByteArray(), 0), DbType.Int64));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Moves the give-up time of the endpoint's retrying deliveries by the time its circuit was open.</summary>
    public async Task ShiftRetryWindowsAsync(DbConnection connection, DbTransaction transaction, Guid webhookId, TimeSpan shift, CancellationToken cancellationToken)
    {
        await using var command = sql.Command(connection, transaction, ClaimSql.ShiftRetryWindows,
            SchedulerSql.Value("@shift", (long)shift.TotalMilliseconds, DbType.Int64), sql.Id("@webhookId", webhookId));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
