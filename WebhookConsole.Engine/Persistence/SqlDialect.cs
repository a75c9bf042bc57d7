using System.Text.Json;
using WebhookConsole.Engine.Configuration;

namespace WebhookConsole.Engine.Persistence;

/// <summary>
/// What the queue's hand-written SQL says differently on each database: how ids are passed, how a list of ids
/// is matched, and how a batch is claimed without two dispatchers taking the same row.
/// </summary>
public abstract class SqlDialect
{
    public abstract DatabaseProvider Provider { get; }

    /// <summary>Leases up to <c>@batchSize</c> due rows to <c>@owner</c> until <c>@leaseExpiresAt</c>; returns their ids.</summary>
    public abstract string ClaimSql { get; }

    /// <summary>A condition on <paramref name="column"/> that matches the id list passed as <c>@ids</c>.</summary>
    public abstract string InIds(string column);

    /// <summary>True when this process must queue its own writers (SQLite has one write lock for the whole file).</summary>
    public abstract bool SerializesWrites { get; }

    /// <summary>A statement that, run in a committing transaction, wakes the dispatchers of other processes; null when none do.</summary>
    public virtual string? NotifyNewWorkSql => null;

    /// <summary>An id as the database stores it.</summary>
    public abstract object Id(Guid id);

    /// <summary>A list of ids as <see cref="InIds"/> expects it.</summary>
    public abstract object IdList(IEnumerable<Guid> ids);
}

/// <summary>SQLite: ids are upper-case text (EF Core's mapping), lists are JSON arrays, the write lock is the claim's guard.</summary>
public sealed class SqliteDialect : SqlDialect
{
    // Due = waiting and its time has come, or in flight under a lease that ran out. Each kind is its own range of
    // the (Status, NextAttemptAt) index, read in order and cut at the batch size, so a claim costs the same with
    // ten rows or ten million; an OR across them would scan the whole table. The oldest due rows go first.
    private const string Claim = """
        UPDATE deliveries
        SET "Status" = 'InFlight', "LeaseOwner" = @owner, "LeaseExpiresAt" = @leaseExpiresAt
        WHERE "Id" IN (
            SELECT "Id" FROM (
                SELECT "Id", "NextAttemptAt" FROM (SELECT "Id", "NextAttemptAt" FROM deliveries
                    WHERE "Status" = 'Pending' AND "NextAttemptAt" <= @now ORDER BY "NextAttemptAt" LIMIT @batchSize)
                UNION ALL
                SELECT "Id", "NextAttemptAt" FROM (SELECT "Id", "NextAttemptAt" FROM deliveries
                    WHERE "Status" = 'Retrying' AND "NextAttemptAt" <= @now ORDER BY "NextAttemptAt" LIMIT @batchSize)
                UNION ALL
                SELECT "Id", "NextAttemptAt" FROM (SELECT "Id", "NextAttemptAt" FROM deliveries
                    WHERE "Status" = 'InFlight' AND "LeaseExpiresAt" <= @now LIMIT @batchSize))
            ORDER BY "NextAttemptAt" LIMIT @batchSize)
        RETURNING "Id"
        """;

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override string ClaimSql => Claim;

    public override bool SerializesWrites => true;

    public override string InIds(string column) => $"{column} IN (SELECT value FROM json_each(@ids))";

    public override object Id(Guid id) => id.ToString().ToUpperInvariant();

    public override object IdList(IEnumerable<Guid> ids) => JsonSerializer.Serialize(ids.Select(id => id.ToString().ToUpperInvariant()));
}

/// <summary>
/// PostgreSQL: native uuids and arrays; the claim locks its candidate rows with <c>FOR UPDATE SKIP LOCKED</c>, so
/// dispatchers in several processes claim disjoint batches at once instead of waiting on each other.
/// </summary>
public sealed class PostgresDialect : SqlDialect
{
    private const string Claim = """
        WITH pending AS (
            SELECT "Id", "NextAttemptAt" FROM deliveries
            WHERE "Status" = 'Pending' AND "NextAttemptAt" <= @now ORDER BY "NextAttemptAt" LIMIT @batchSize FOR UPDATE SKIP LOCKED),
        retrying AS (
            SELECT "Id", "NextAttemptAt" FROM deliveries
            WHERE "Status" = 'Retrying' AND "NextAttemptAt" <= @now ORDER BY "NextAttemptAt" LIMIT @batchSize FOR UPDATE SKIP LOCKED),
        expired AS (
            SELECT "Id", "NextAttemptAt" FROM deliveries
            WHERE "Status" = 'InFlight' AND "LeaseExpiresAt" <= @now LIMIT @batchSize FOR UPDATE SKIP LOCKED),
        picked AS (
            SELECT "Id" FROM (SELECT * FROM pending UNION ALL SELECT * FROM retrying UNION ALL SELECT * FROM expired) due
            ORDER BY "NextAttemptAt" LIMIT @batchSize)
        UPDATE deliveries d
        SET "Status" = 'InFlight', "LeaseOwner" = @owner, "LeaseExpiresAt" = @leaseExpiresAt
        FROM picked WHERE d."Id" = picked."Id"
        RETURNING d."Id"
        """;

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public override string ClaimSql => Claim;

    public override bool SerializesWrites => false;

    public override string NotifyNewWorkSql => $"NOTIFY {PostgresDispatchListener.Channel}";

    public override string InIds(string column) => $"{column} = ANY(@ids)";

    public override object Id(Guid id) => id;

    public override object IdList(IEnumerable<Guid> ids) => ids.ToArray();
}
