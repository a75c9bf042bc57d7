using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace WebhookConsole.Engine.Persistence;

/// <summary>
/// A <see cref="RowStatement"/> on SQLite's own interface, in the connection's current transaction. Microsoft.Data.Sqlite
/// binds every parameter of every row by looking its name up in the statement, boxing its value and converting text
/// through a new array; here each parameter's position is looked up once, ids are bound as their 16 big-endian bytes
/// (as <see cref="BigEndianGuidConverter"/> stores them) from the stack, and text through one reused buffer.
/// </summary>
internal sealed class SqliteRowStatement : RowStatement
{
    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;
    private readonly int[] _positions;
    private readonly string _sql;
    private byte[] _text = new byte[1024];
    private int _next;

    public SqliteRowStatement(SqliteConnection connection, string sql, string[] names)
    {
        _database = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        _sql = sql;
        Check(raw.sqlite3_prepare_v2(_database, sql, out _statement));
        _positions = new int[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            _positions[i] = raw.sqlite3_bind_parameter_index(_statement, names[i]) is var position and > 0
                ? position
                : throw new ArgumentException($"The statement has no parameter {names[i]}.", nameof(names));
        }
    }

    public override RowStatement Bind(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        Check(raw.sqlite3_bind_blob(_statement, Next(), bytes));
        return this;
    }

    public override RowStatement Bind(string? text)
    {
        var position = Next();
        if (text is null)
        {
            Check(raw.sqlite3_bind_null(_statement, position));
        }
        else if (text.Length == 0)
        {
            // An empty span would be bound as a null pointer, which SQLite stores as NULL.
            Check(raw.sqlite3_bind_text(_statement, position, string.Empty));
        }
        else
        {
            var most = Encoding.UTF8.GetMaxByteCount(text.Length);
            if (_text.Length < most)
            {
                _text = new byte[Math.Max(most, _text.Length * 2)];
            }

            var length = Encoding.UTF8.GetBytes(text, _text);
            Check(raw.sqlite3_bind_text(_statement, position, _text.AsSpan(0, length)));
        }

        return this;
    }

    public override RowStatement BindUtf8(ReadOnlySpan<byte> text)
    {
        // An empty span would be bound as a null pointer, which SQLite stores as NULL.
        Check(text.IsEmpty ? raw.sqlite3_bind_text(_statement, Next(), string.Empty) : raw.sqlite3_bind_text(_statement, Next(), text));
        return this;
    }

    public override RowStatement Bind(long? number)
    {
        var position = Next();
        Check(number is { } value ? raw.sqlite3_bind_int64(_statement, position, value) : raw.sqlite3_bind_null(_statement, position));
        return this;
    }

    public override RowStatement Bind(int? number) => Bind((long?)number);

    public override RowStatement Bind(bool flag) => Bind(flag ? 1L : 0L);

    public override RowStatement Bind(byte[] bytes)
    {
        Check(raw.sqlite3_bind_blob(_statement, Next(), bytes));
        return this;
    }

    public override ValueTask<int> ExecuteAsync(CancellationToken cancellationToken = default)
    {
        CheckAllBound(_next, _positions.Length, _sql);
        _next = 0;
        var result = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (result is not (raw.SQLITE_DONE or raw.SQLITE_ROW))
        {
            SqliteException.ThrowExceptionForRC(result, _database);
        }

        return ValueTask.FromResult(raw.sqlite3_changes(_database));
    }

    public override ValueTask DisposeAsync()
    {
        _statement.Dispose();
        return ValueTask.CompletedTask;
    }

    private int Next() => _next < _positions.Length
        ? _positions[_next++]
        : throw new InvalidOperationException($"More values were bound than the statement has parameters: {_sql}");

    private void Check(int result)
    {
        if (result != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(result, _database);
        }
    }
}
