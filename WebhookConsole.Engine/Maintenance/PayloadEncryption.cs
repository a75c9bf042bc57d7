using System.Data;
using System.Data.Common;
using Microsoft.Extensions.Options;
using WebhookConsole.Engine.Configuration;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Engine.Persistence.Configurations;
using WebhookConsole.Engine.Security;

namespace WebhookConsole.Engine.Maintenance;

/// <summary>
/// Encrypts what a database upgraded from before encryption at rest still holds in clear: event payloads, sync hook
/// results and attempts' request and response bodies (<see cref="PayloadCipher"/>), a batch of
/// <c>Maintenance:EncryptionBatchSize</c> rows per short transaction, until none is left. Everything written since is
/// encrypted already, so once it has caught up a run finds nothing.
/// </summary>
/// <remarks>
/// The clear rows are found through partial indexes that hold only them (<see cref="WebhookEventConfiguration.Unencrypted"/>,
/// <see cref="AttemptConfiguration.Unencrypted"/>): a run never reads the whole table, an interrupted run loses nothing
/// (the next one starts from what is still clear), and a row is only replaced while it still holds the clear text that
/// was read, so an erasure, a retention purge or a redelivery meanwhile wins. On SQLite the freed bytes are zeroed
/// (<c>secure_delete</c>) and the write-ahead log is folded back and truncated afterwards, as the erasure does, so the
/// clear text leaves the file; PostgreSQL keeps old row versions until <c>VACUUM</c> (docs/security.md).
/// </remarks>
public sealed class PayloadEncryption(QueueConnections connections, SqlDialect dialect, PayloadCipher cipher, IOptionsMonitor<MaintenanceOptions> options)
    : IMaintenanceTask
{
    // Ordered by the id the partial index holds: PostgreSQL cannot estimate how few rows the condition keeps, and without
    // the order it may prefer a sequential scan (SQLite takes the index either way).
    private static readonly string SelectEventsSql = $"""
        SELECT "Id", "Payload", "SyncResult" FROM events WHERE {WebhookEventConfiguration.Unencrypted} ORDER BY "Id" LIMIT @limit
        """;

    private const string UpdateEventSql = """
        UPDATE events SET "Payload" = @payload, "SyncResult" = @syncResult
        WHERE "Id" = @id AND "Payload" = @clearPayload AND "SyncResult" IS NOT DISTINCT FROM @clearSyncResult
        """;

    private static readonly string SelectAttemptsSql = $"""
        SELECT "Id", "DeliveryId", "Number", "RequestBody", "ResponseBody" FROM attempts WHERE {AttemptConfiguration.Unencrypted} ORDER BY "Id" LIMIT @limit
        """;

    private const string UpdateAttemptSql = """
        UPDATE attempts SET "RequestBody" = @requestBody, "ResponseBody" = @responseBody
        WHERE "Id" = @id AND "RequestBody" = @clearRequestBody AND "ResponseBody" IS NOT DISTINCT FROM @clearResponseBody
        """;

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var result = await EncryptAsync(cancellationToken);
        return result is { Events: 0, Attempts: 0 }
            ? "nothing stored in clear: every event payload, sync hook result and attempt body is encrypted"
            : $"encrypted the payloads of {result.Events} events and the bodies of {result.Attempts} attempts stored in clear; none left";
    }

    /// <summary>Encrypts every clear value, batch by batch, and says how many rows it changed.</summary>
    public async Task<EncryptionResult> EncryptAsync(CancellationToken cancellationToken)
    {
        var batchSize = options.CurrentValue.EncryptionBatchSize;
        await using var connection = await connections.OpenAsync(cancellationToken);
        var sqlite = dialect.Provider == DatabaseProvider.Sqlite;
        if (sqlite)
        {
            await ExecuteAsync(connection, "PRAGMA secure_delete=ON;", CancellationToken.None);
        }

        try
        {
            int events = 0, attempts = 0, encrypted;
            while ((encrypted = await EncryptEventsAsync(connection, batchSize, cancellationToken)) > 0)
            {
                events += encrypted;
            }

            while ((encrypted = await EncryptAttemptsAsync(connection, batchSize, cancellationToken)) > 0)
            {
                attempts += encrypted;
            }

            if (sqlite && events + attempts > 0)
            {
                await ExecuteAsync(connection, "PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
            }

            return new EncryptionResult(events, attempts);
        }
        finally
        {
            if (sqlite)
            {
                await ExecuteAsync(connection, "PRAGMA secure_delete=OFF;", CancellationToken.None);
            }
        }
    }

    private async Task<int> EncryptEventsAsync(DbConnection connection, int batchSize, CancellationToken cancellationToken)
    {
        var rows = new List<(Guid Id, string Payload, string? SyncResult)>(batchSize);
        await using (var select = Command(connection, null, SelectEventsSql, ("@limit", batchSize)))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((dialect.ReadId(reader, 0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
            }
        }

        // Encrypted before the transaction begins, so the write lock is held only for the updates.
        var updates = rows.Select(r => new (string, object?)[]
        {
            ("@id", dialect.Id(r.Id)),
            ("@payload", Encrypt(r.Payload, StoredColumn.EventPayload, r.Id, 0)), ("@clearPayload", r.Payload),
            ("@syncResult", Encrypt(r.SyncResult, StoredColumn.SyncResult, r.Id, 0)), ("@clearSyncResult", r.SyncResult),
        }).ToList();
        return await UpdateAsync(connection, UpdateEventSql, updates, cancellationToken);
    }

    private async Task<int> EncryptAttemptsAsync(DbConnection connection, int batchSize, CancellationToken cancellationToken)
    {
        var rows = new List<(long Id, Guid DeliveryId, int Number, string RequestBody, string? ResponseBody)>(batchSize);
        await using (var select = Command(connection, null, SelectAttemptsSql, ("@limit", batchSize)))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetInt64(0), dialect.ReadId(reader, 1), reader.GetInt32(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
            }
        }

        var updates = rows.Select(r => new (string, object?)[]
        {
            ("@id", r.Id),
            ("@requestBody", Encrypt(r.RequestBody, StoredColumn.RequestBody, r.DeliveryId, r.Number)), ("@clearRequestBody", r.RequestBody),
            ("@responseBody", Encrypt(r.ResponseBody, StoredColumn.ResponseBody, r.DeliveryId, r.Number)), ("@clearResponseBody", r.ResponseBody),
        }).ToList();
        return await UpdateAsync(connection, UpdateAttemptSql, updates, cancellationToken);
    }

    // A value already encrypted (the row's other column was the clear one) stays as it is.
    private string? Encrypt(string? value, StoredColumn column, Guid rowId, int number) =>
        PayloadCipher.IsEncrypted(value) ? value : cipher.Encrypt(value, column, rowId, number);

    // One transaction per batch; returns how many rows were replaced (a row changed since it was read is left to the next batch).
    private static async Task<int> UpdateAsync(DbConnection connection, string sql, List<(string Name, object? Value)[]> updates, CancellationToken cancellationToken)
    {
        if (updates.Count == 0)
        {
            return 0;
        }

        var replaced = 0;
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var parameters in updates)
        {
            await using var update = Command(connection, transaction, sql, parameters);
            replaced += await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return replaced;
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            if (value is null or string)
            {
                parameter.DbType = DbType.String;
            }

            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null, sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>How many events and attempts one run of <see cref="PayloadEncryption"/> encrypted.</summary>
public sealed record EncryptionResult(int Events, int Attempts);
