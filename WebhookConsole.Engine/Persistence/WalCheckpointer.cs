using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WebhookConsole.Engine.Diagnostics;

namespace WebhookConsole.Engine.Persistence;

/// <summary>
/// Copies SQLite's write-ahead log back into the database file in the background, so the queue's writer
/// (<see cref="QueueWriter"/>) does not. SQLite's own automatic checkpoint runs on the connection that committed, right
/// after its commit: the writer copied every page the log held (about 40 MB at <see cref="SqlitePragmas.CheckpointPages"/>)
/// and flushed the file while every publisher and the recorder waited behind it. This loop runs a passive checkpoint
/// every <see cref="Interval"/>, which never takes the write lock: the writer keeps committing meanwhile. The automatic
/// checkpoint stays, and still restarts the log from its beginning once it is full, but finds almost every page copied
/// already. On PostgreSQL nothing of this runs.
/// </summary>
internal sealed partial class WalCheckpointer(QueueConnections connections, DeliveryMetrics metrics, TimeProvider time, ILogger<WalCheckpointer> logger)
    : BackgroundService
{
    /// <summary>How often the log is copied back: a tenth of a second of writes at a time.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    // Whether the last pass failed: a failure is logged once, not ten times a second, and so is the recovery.
    private bool _failing;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await CheckpointAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Copies what the log holds back into the database file as far as open reads allow, without blocking writers.</summary>
    public async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await connections.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            // One row: whether it could not run at all (busy), the pages in the log, and how many of them are copied.
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                metrics.RecordLogCheckpoint(Math.Max(0, reader.GetInt64(1) - reader.GetInt64(2)));
            }

            if (_failing)
            {
                _failing = false;
                Log.CheckpointRecovered(logger);
            }
        }
        catch (SqliteException ex)
        {
            // The next tick tries again; meanwhile the automatic checkpoint still bounds the log.
            if (!_failing)
            {
                _failing = true;
                Log.CheckpointFailed(logger, ex);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning,
            "Copying the write-ahead log back into the database file failed; it is tried again every 100 ms, and the queue's writer copies the log itself meanwhile.")]
        public static partial void CheckpointFailed(ILogger logger, Exception exception);

        [LoggerMessage(2, LogLevel.Information, "Copying the write-ahead log back into the database file works again.")]
        public static partial void CheckpointRecovered(ILogger logger);
    }
}
