using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace WebhookConsole.Engine.Persistence;

/// <summary>
/// Runs the queue's hot-path write transactions (event batches, claims, attempt records). SQLite has one write lock
/// for the whole file, so on SQLite this process has one writer: a thread of its own with its own connection that takes
/// every write queued meanwhile and runs them together in one transaction, each in a savepoint of its own (a write that
/// fails is rolled back alone and fails alone), then completes them all once that transaction has committed. One
/// commit for many writes of different kinds writes each shared page (the deliveries' table and index pages, the
/// file's header) once instead of once per write, and neither a write's turn nor the writer's waking waits for a
/// thread-pool thread. On PostgreSQL, whose row locks let writers run side by side, a write runs at once in its own
/// transaction on the caller's connection. Other processes, and rare writes such as console commands, meet SQLite's
/// own busy timeout.
/// </summary>
public sealed partial class QueueWriter : IAsyncDisposable, IDisposable
{
    // Enough to share one commit among a cycle's writes without holding a publisher's batch for long behind others.
    private const int MaxWritesPerCycle = 64;
    private const string Savepoint = "queued_write";

    private readonly QueueConnections _connections;
    private readonly SqlDialect _dialect;
    private readonly ILogger<QueueWriter> _logger;
    private readonly BlockingCollection<IQueuedWrite>? _queue;
    private readonly Task _loop = Task.CompletedTask;
    private DbConnection? _connection;

    public QueueWriter(QueueConnections connections, SqlDialect dialect, ILogger<QueueWriter> logger)
    {
        _connections = connections;
        _dialect = dialect;
        _logger = logger;
        if (dialect.SerializesWrites)
        {
            _queue = [];
            _loop = Task.Factory.StartNew(Loop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Runs <paramref name="write"/> in a write transaction and returns once that transaction has committed (its
    /// exception, if it threw, and nothing of it was kept). <paramref name="connection"/> is the caller's open
    /// connection, used on PostgreSQL; on SQLite the write runs on the writer's own connection.
    /// </summary>
    public async Task<T> WriteAsync<T>(DbConnection? connection, Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken cancellationToken = default)
    {
        if (_queue is null)
        {
            await using var own = connection is null ? await _connections.OpenAsync(cancellationToken) : null;
            var target = connection ?? own!;
            await using var transaction = await target.BeginTransactionAsync(cancellationToken);
            var result = await write(target, transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }

        var queued = new QueuedWrite<T>(write, cancellationToken);
        try
        {
            _queue.Add(queued, CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException(nameof(QueueWriter), "The queue's writer has stopped.");
        }

        return await queued.Completion.Task;
    }

    /// <inheritdoc cref="WriteAsync{T}"/>
    public Task WriteAsync(DbConnection? connection, Func<DbConnection, DbTransaction, Task> write, CancellationToken cancellationToken = default) =>
        WriteAsync<bool>(connection, async (c, t) =>
        {
            await write(c, t);
            return true;
        }, cancellationToken);

    // The writer's own thread (a long-running task runs on a thread outside the pool): woken by the kernel the moment a
    // write is queued, rather than by a thread-pool work item that waits its turn behind every publisher's and sender's
    // continuation (docs/performance.md, "The writer on a thread of its own"). SQLite's calls are synchronous, so a
    // cycle runs on this thread from its first statement to its commit.
    private void Loop()
    {
        Thread.CurrentThread.Name = "Queue writer";
        var cycle = new List<IQueuedWrite>(MaxWritesPerCycle);
        while (_queue!.TryTake(out var write, Timeout.Infinite))
        {
            do
            {
                if (!write.CancelIfRequested())
                {
                    cycle.Add(write);
                }
            }
            while (cycle.Count < MaxWritesPerCycle && _queue.TryTake(out write));

            if (cycle.Count > 0)
            {
                RunCycleAsync(cycle).GetAwaiter().GetResult();
                cycle.Clear();
            }
        }

        _connection?.Dispose();
    }

    private async Task RunCycleAsync(List<IQueuedWrite> cycle)
    {
        try
        {
            _connection ??= await OpenWriterAsync();
            await using var transaction = await _connection.BeginTransactionAsync();
            var savepoints = cycle.Count > 1;
            var failed = 0;
            foreach (var write in cycle)
            {
                if (savepoints)
                {
                    await transaction.SaveAsync(Savepoint);
                }

                if (!await write.RunAsync(_connection, transaction))
                {
                    failed++;
                    if (savepoints)
                    {
                        await transaction.RollbackAsync(Savepoint);
                    }
                }

                if (savepoints)
                {
                    await transaction.ReleaseAsync(Savepoint);
                }
            }

            await (failed == cycle.Count ? transaction.RollbackAsync() : transaction.CommitAsync());
        }
        catch (Exception ex)
        {
            // The transaction itself failed (its begin or commit, or a write alone in it): nothing of the cycle was
            // kept. A fresh connection for the next cycle, in case this one is what broke.
            foreach (var write in cycle)
            {
                write.Fail(ex);
            }

            Log.CycleFailed(_logger, cycle.Count, ex);
            if (_connection is not null)
            {
                await _connection.DisposeAsync();
                _connection = null;
            }

            return;
        }

        foreach (var write in cycle)
        {
            write.Complete();
        }
    }

    // A savepoint keeps the pages it may have to restore in memory (SQLite's default is a temporary file).
    private async Task<DbConnection> OpenWriterAsync()
    {
        var connection = await _connections.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA temp_store=MEMORY;";
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    /// <summary>Finishes every write queued so far, then closes the writer's connection.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue?.CompleteAdding();
        await _loop;
    }

    /// <inheritdoc cref="DisposeAsync"/>
    public void Dispose()
    {
        _queue?.CompleteAdding();
        _loop.GetAwaiter().GetResult();
    }

    private interface IQueuedWrite
    {
        /// <summary>Runs the write; false (its exception kept for <see cref="Complete"/>) when it threw.</summary>
        Task<bool> RunAsync(DbConnection connection, DbTransaction transaction);

        /// <summary>The cycle committed: the write's result, or the exception it threw, reaches its caller.</summary>
        void Complete();

        /// <summary>The cycle did not commit.</summary>
        void Fail(Exception exception);

        /// <summary>Drops a write whose caller gave up before it ran; true when dropped.</summary>
        bool CancelIfRequested();
    }

    private sealed class QueuedWrite<T>(Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken cancellationToken) : IQueuedWrite
    {
        private T? _result;
        private Exception? _exception;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<bool> RunAsync(DbConnection connection, DbTransaction transaction)
        {
            try
            {
                _result = await write(connection, transaction);
                return true;
            }
            catch (Exception ex)
            {
                _exception = ex;
                return false;
            }
        }

        public void Complete()
        {
            if (_exception is not null)
            {
                Completion.TrySetException(_exception);
            }
            else
            {
                Completion.TrySetResult(_result!);
            }
        }

        public void Fail(Exception exception) => Completion.TrySetException(_exception ?? exception);

        public bool CancelIfRequested() => cancellationToken.IsCancellationRequested && Completion.TrySetCanceled(cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "A write transaction of {Count} queued writes failed; none of them was kept.")]
        public static partial void CycleFailed(ILogger logger, int count, Exception exception);
    }
}
