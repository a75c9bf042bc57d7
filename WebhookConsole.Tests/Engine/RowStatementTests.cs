using Microsoft.Data.Sqlite;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine;

/// <summary>
/// The queue's row statements on SQLite's own interface, on a real file: what they store is read back through
/// Microsoft.Data.Sqlite (the path every page and EF Core query takes), a row not fully bound is refused before it
/// runs, and a failed row raises SQLite's error and leaves the statement usable.
/// </summary>
public sealed class RowStatementTests : IAsyncLifetime, IDisposable
{
    private readonly TempDatabase _database = new();
    private SqliteConnection _connection = null!;

    public async Task InitializeAsync()
    {
        _connection = new SqliteConnection(_database.ConnectionString);
        await _connection.OpenAsync();
        await using var command = _connection.CreateCommand();
        command.CommandText = "CREATE TABLE rows (id BLOB PRIMARY KEY, name TEXT NOT NULL, note TEXT NULL, n INTEGER NULL, flag INTEGER NOT NULL, hash BLOB NULL)";
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task BoundValues_ReadBackThroughMicrosoftDataSqlite_AsTheQueueStoresThem()
    {
        var first = Guid.CreateVersion7();
        var second = Guid.CreateVersion7();
        var longText = string.Concat(Enumerable.Repeat("Zoë ✓ ", 400)); // wider than the statement's first buffer
        await using (var insert = Insert())
        {
            Assert.Equal(1, await insert.Bind(first).Bind("Zoë ✓").Bind("").Bind(42L).Bind(true).Bind(new byte[] { 1, 2, 3 }).ExecuteAsync());
            Assert.Equal(1, await insert.Bind(second).Bind(longText).Bind((string?)null).Bind((long?)null).Bind(false).Bind([9]).ExecuteAsync());
        }

        await using var read = _connection.CreateCommand();
        read.CommandText = "SELECT id, name, note, typeof(note), n, flag, hash FROM rows ORDER BY flag DESC";
        await using var reader = await read.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(BigEndianGuidConverter.ToBytes(first), reader.GetFieldValue<byte[]>(0));
        Assert.Equal("Zoë ✓", reader.GetString(1));
        Assert.Equal(("", "text"), (reader.GetString(2), reader.GetString(3)));
        Assert.Equal(42L, reader.GetInt64(4));
        Assert.True(reader.GetBoolean(5));
        Assert.Equal([1, 2, 3], reader.GetFieldValue<byte[]>(6));
        Assert.True(await reader.ReadAsync());
        Assert.Equal(second, BigEndianGuidConverter.FromBytes(reader.GetFieldValue<byte[]>(0)));
        Assert.Equal(longText, reader.GetString(1));
        Assert.Equal("null", reader.GetString(3));
        Assert.True(reader.IsDBNull(4));
        Assert.Equal(0L, reader.GetInt64(5));
    }

    [Fact]
    public async Task ARowNotFullyBound_IsRefusedBeforeItRuns()
    {
        await using var insert = Insert();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await insert.Bind(Guid.CreateVersion7()).Bind("only two").ExecuteAsync());

        Assert.Contains("2 of the 6 parameters", error.Message);
        Assert.Equal(0L, await CountAsync());
    }

    [Fact]
    public async Task ARowThatFails_RaisesSqlitesError_AndTheStatementRunsTheNextRow()
    {
        var id = Guid.CreateVersion7();
        await using var insert = Insert();
        await insert.Bind(id).Bind("first").Bind("").Bind(1L).Bind(true).Bind([1]).ExecuteAsync();

        var error = await Assert.ThrowsAsync<SqliteException>(async () => await insert.Bind(id).Bind("same id").Bind("").Bind(2L).Bind(true).Bind([2]).ExecuteAsync());
        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT

        Assert.Equal(1, await insert.Bind(Guid.CreateVersion7()).Bind("next").Bind("").Bind(3L).Bind(false).Bind([3]).ExecuteAsync());
        Assert.Equal(2L, await CountAsync());
    }

    [Fact]
    public async Task ExecuteAsync_ReturnsTheRowsChanged_NoneWhenAnInsertIsSkipped()
    {
        var id = Guid.CreateVersion7();
        await using var insert = RowStatement.Create(_connection, null, new SqliteDialect(),
            "INSERT INTO rows (id, name, flag) VALUES (@id, @name, 0) ON CONFLICT DO NOTHING", "@id", "@name");

        Assert.Equal(1, await insert.Bind(id).Bind("stored").ExecuteAsync());
        Assert.Equal(0, await insert.Bind(id).Bind("skipped").ExecuteAsync());
    }

    private RowStatement Insert() => RowStatement.Create(_connection, null, new SqliteDialect(),
        "INSERT INTO rows (id, name, note, n, flag, hash) VALUES (@id, @name, @note, @n, @flag, @hash)", "@id", "@name", "@note", "@n", "@flag", "@hash");

    private async Task<long> CountAsync()
    {
        await using var count = _connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM rows";
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
