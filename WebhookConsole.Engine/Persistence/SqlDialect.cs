using System.Data.Common;
using System.Text.Json;
using WebhookConsole.Engine.Configuration;

namespace WebhookConsole.Engine.Persistence;

/// <summary>
/// What the queue's hand-written SQL says differently on each database: how ids are passed, how a list of ids
/// is matched, and how new work is announced. The scheduler's statements live in <c>Scheduling/ClaimSql.cs</c>.
/// </summary>
public abstract class SqlDialect
{
    public abstract DatabaseProvider Provider { get; }

    /// <summary>A condition on <paramref name="column"/> that matches the id list passed as <c>@ids</c>.</summary>
    public abstract string InIds(string column);

    /// <summary>True when this process writes through one writer of its own (SQLite has one write lock for the whole file): see <see cref="QueueWriter"/>.</summary>
    public abstract bool SerializesWrites { get; }

    /// <summary>A statement that, run in a committing transaction, wakes the dispatchers of other processes; null when none do.</summary>
    public virtual string? NotifyNewWorkSql => null;

    /// <summary>An id as the database stores it.</summary>
    public abstract object Id(Guid id);

    /// <summary>A list of ids as <see cref="InIds"/> expects it.</summary>
    public abstract object IdList(IEnumerable<Guid> ids);

    /// <summary>The id in column <paramref name="ordinal"/> of the current row.</summary>
    public abstract Guid ReadId(DbDataReader reader, int ordinal);

    /// <summary>The id a statement returned as its single value.</summary>
    public abstract Guid IdFrom(object? value);
}

/// <summary>
/// SQLite: ids are 16 big-endian bytes (<see cref="BigEndianGuidConverter"/>, as EF Core stores them here), lists are
/// JSON arrays of their hex, one writer makes every write.
/// </summary>
public sealed class SqliteDialect : SqlDialect
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override bool SerializesWrites => true;

    public override string InIds(string column) => $"{column} IN (SELECT unhex(value) FROM json_each(@ids))";

    public override object Id(Guid id) => BigEndianGuidConverter.ToBytes(id);

    public override object IdList(IEnumerable<Guid> ids) => JsonSerializer.Serialize(ids.Select(id => Convert.ToHexString(BigEndianGuidConverter.ToBytes(id))));

    public override Guid ReadId(DbDataReader reader, int ordinal) => IdFrom(reader.GetFieldValue<byte[]>(ordinal));

    public override Guid IdFrom(object? value) => value is byte[] { Length: 16 } stored
        ? BigEndianGuidConverter.FromBytes(stored)
        : throw new InvalidOperationException($"Expected a 16-byte id, read {value ?? "nothing"}.");
}

/// <summary>
/// PostgreSQL: native uuids and arrays, row locks instead of a process-wide write turn, and <c>NOTIFY</c> to wake other
/// nodes (how claims lock across nodes: <c>Scheduling/ClaimSql.cs</c>).
/// </summary>
public sealed class PostgresDialect : SqlDialect
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public override bool SerializesWrites => false;

    public override string NotifyNewWorkSql => $"NOTIFY {PostgresDispatchListener.Channel}";

    public override string InIds(string column) => $"{column} = ANY(@ids)";

    public override object Id(Guid id) => id;

    public override object IdList(IEnumerable<Guid> ids) => ids.ToArray();

    public override Guid ReadId(DbDataReader reader, int ordinal) => reader.GetGuid(ordinal);

    public override Guid IdFrom(object? value) => value is Guid id ? id : throw new InvalidOperationException($"Expected an id, read {value ?? "nothing"}.");
}
