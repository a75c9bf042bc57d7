using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;

namespace WebhookConsole.Engine.Persistence;

/// <summary>
/// One of the queue's hot-path writes (<see cref="QueueStore"/>), compiled once for a batch and run row after row: each
/// <c>Bind</c> sets the next of the parameters named when it was made, in that order, then <see cref="ExecuteAsync"/>
/// runs it and returns the rows it changed. On SQLite it binds through SQLite's own interface
/// (<see cref="SqliteRowStatement"/>); elsewhere through ADO.NET.
/// </summary>
internal abstract class RowStatement : IAsyncDisposable
{
    public static RowStatement Create(DbConnection connection, DbTransaction? transaction, SqlDialect dialect, string sql, params string[] names) =>
        connection is SqliteConnection sqlite
            ? new SqliteRowStatement(sqlite, sql, names)
            : new DbRowStatement(Command(connection, transaction, sql, names), dialect);

    /// <summary>A command with the named parameters, unset, in that order.</summary>
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in names)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    public abstract RowStatement Bind(Guid id);

    public abstract RowStatement Bind(string? text);

    /// <summary>Text given as its UTF-8 bytes (bound as text, not as a blob).</summary>
    public abstract RowStatement BindUtf8(ReadOnlySpan<byte> text);

    public abstract RowStatement Bind(long? number);

    public abstract RowStatement Bind(int? number);

    public abstract RowStatement Bind(bool flag);

    public abstract RowStatement Bind(byte[] bytes);

    /// <exception cref="InvalidOperationException">Not every parameter was bound.</exception>
    public abstract ValueTask<int> ExecuteAsync(CancellationToken cancellationToken = default);

    public abstract ValueTask DisposeAsync();

    protected static void CheckAllBound(int bound, int count, string sql)
    {
        if (bound != count)
        {
            throw new InvalidOperationException($"{bound} of the {count} parameters were bound before running: {sql}");
        }
    }

    /// <summary>ADO.NET: the values set on the command's parameters (PostgreSQL prepares on first execution).</summary>
    private sealed class DbRowStatement(DbCommand command, SqlDialect dialect) : RowStatement
    {
        private readonly DbCommand _command = command;
        private readonly SqlDialect _dialect = dialect;
        private int _next;

        public override RowStatement Bind(Guid id) => Set(_dialect.Id(id));

        public override RowStatement Bind(string? text) => Set(text);

        public override RowStatement BindUtf8(ReadOnlySpan<byte> text) => Set(Encoding.UTF8.GetString(text));

        public override RowStatement Bind(long? number) => Set(number);

        public override RowStatement Bind(int? number) => Set(number);

        public override RowStatement Bind(bool flag) => Set(flag);

        public override RowStatement Bind(byte[] bytes) => Set(bytes);

        public override async ValueTask<int> ExecuteAsync(CancellationToken cancellationToken = default)
        {
            CheckAllBound(_next, _command.Parameters.Count, _command.CommandText);
            _next = 0;
            return await _command.ExecuteNonQueryAsync(cancellationToken);
        }

        public override ValueTask DisposeAsync() => _command.DisposeAsync();

        private DbRowStatement Set(object? value)
        {
            _command.Parameters[_next++].Value = value ?? DBNull.Value;
            return this;
        }
    }
}
