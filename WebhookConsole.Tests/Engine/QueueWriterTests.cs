using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine;

/// <summary>
/// The queue's single SQLite writer on a real file: writes queued while another runs share one transaction, a write
/// that throws is rolled back alone and fails alone, and a write whose caller gave up before its turn never runs.
/// </summary>
public sealed class QueueWriterTests : IAsyncLifetime
{
    private readonly TempDatabase _database = new();
    private QueueWriter _writer = null!;

    public async Task InitializeAsync()
    {
        await using var connection = new SqliteConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE items (name TEXT PRIMARY KEY);";
        await command.ExecuteNonQueryAsync();
        _writer = new QueueWriter(QueueConnections.Sqlite(_database.ConnectionString), new SqliteDialect(), NullLogger<QueueWriter>.Instance);
    }

    [Fact]
    public async Task AWriteThatThrows_InACycleWithOthers_IsRolledBackAloneAndFailsAlone()
    {
        // The first write holds the writer until the others are queued, so those three run in the next cycle together.
        var release = new TaskCompletionSource();
        var first = HoldTheWriter(release);
        var second = _writer.WriteAsync(null, (connection, transaction) => InsertAsync(connection, transaction, "second"));
        var failing = _writer.WriteAsync(null, async (connection, transaction) =>
        {
            await InsertAsync(connection, transaction, "failing");
            throw new InvalidOperationException("refused after its insert");
        });
        var fourth = _writer.WriteAsync(null, async (connection, transaction) =>
        {
            await InsertAsync(connection, transaction, "fourth");
            return await CountAsync(connection, transaction);
        });
        release.SetResult();

        await first;
        await second;
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.Equal("refused after its insert", error.Message);
        // Inside the shared transaction the fourth write saw the second's row but not the failing one's.
        Assert.Equal(3, await fourth);
        Assert.Equal(["first", "fourth", "second"], await StoredAsync());
    }

    [Fact]
    public async Task WriterConnection_CheckpointsTheLogEveryTenThousandPages()
    {
        var pages = await _writer.WriteAsync(null, async (connection, transaction) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "PRAGMA wal_autocheckpoint";
            return (long)(await command.ExecuteScalarAsync())!;
        });

        Assert.Equal(10_000, pages);
    }

    [Fact]
    public async Task AWriteAloneThatThrows_LeavesNothing()
    {
        var failing = _writer.WriteAsync(null, async (connection, transaction) =>
        {
            await InsertAsync(connection, transaction, "alone");
            throw new InvalidOperationException("refused");
        });

        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.Empty(await StoredAsync());
    }

    [Fact]
    public async Task AWriteWhoseCallerGaveUpBeforeItsTurn_NeverRuns()
    {
        var release = new TaskCompletionSource();
        var first = HoldTheWriter(release);
        using var cancel = new CancellationTokenSource();
        var abandoned = _writer.WriteAsync(null, (connection, transaction) => InsertAsync(connection, transaction, "abandoned"), cancel.Token);
        await cancel.CancelAsync();
        release.SetResult();

        await first;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        Assert.Equal(["first"], await StoredAsync());
    }

    [Fact]
    public async Task AWrite_RunsOnTheWritersOwnThread_AndItsCallerResumesElsewhere()
    {
        var (name, poolThread, writerThread) = await _writer.WriteAsync(null, (_, _) =>
            Task.FromResult((Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread, Environment.CurrentManagedThreadId)));

        Assert.Equal("Queue writer", name);
        Assert.False(poolThread);
        // The caller's continuation never runs on the writer's thread, where it would hold up the next cycle.
        Assert.NotEqual(writerThread, Environment.CurrentManagedThreadId);
    }

    [Fact]
    public async Task Dispose_RunsEveryWriteQueuedBeforeIt_ThenRefusesNewOnes()
    {
        var release = new TaskCompletionSource();
        var first = HoldTheWriter(release);
        var queued = _writer.WriteAsync(null, (connection, transaction) => InsertAsync(connection, transaction, "queued"));
        var disposed = _writer.DisposeAsync().AsTask();
        release.SetResult();

        await first;
        await queued;
        await disposed;
        Assert.Equal(["first", "queued"], await StoredAsync());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => _writer.WriteAsync(null, (connection, transaction) => InsertAsync(connection, transaction, "late")));
    }

    // Writes "first" and keeps the writer's turn until released: what is queued meanwhile runs in the next cycle.
    private Task HoldTheWriter(TaskCompletionSource release) => _writer.WriteAsync(null, async (connection, transaction) =>
    {
        await InsertAsync(connection, transaction, "first");
        await release.Task;
    });

    private static async Task InsertAsync(DbConnection connection, DbTransaction transaction, string name)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO items (name) VALUES (@name)";
        command.Parameters.Add(new SqliteParameter("@name", name));
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<int> CountAsync(DbConnection connection, DbTransaction transaction)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COUNT(*) FROM items";
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<List<string>> StoredAsync()
    {
        await using var connection = new SqliteConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM items ORDER BY name";
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    public async Task DisposeAsync()
    {
        await _writer.DisposeAsync();
        _database.Dispose();
    }
}
