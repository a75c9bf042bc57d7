using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using WebhookConsole.Engine.Notifications;

namespace WebhookConsole.Engine.Persistence;

/// <summary>
/// On PostgreSQL, new work in any process wakes the dispatchers of every process: publishers <c>NOTIFY</c> on
/// commit (<see cref="Channel"/>), and this listener turns each notification into a local <see cref="DispatchSignal"/>.
/// A lost connection only delays work until the dispatchers' next poll; the listener reconnects.
/// </summary>
internal sealed partial class PostgresDispatchListener(
    IDbContextFactory<WebhookDbContext> dbs, DispatchSignal signal, TimeProvider time, ILogger<PostgresDispatchListener> logger) : BackgroundService
{
    public const string Channel = "webhookconsole_dispatch";

    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the first <c>LISTEN</c> is in place.</summary>
    public Task Listening => _listening.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var db = await dbs.CreateDbContextAsync(stoppingToken);
                await using var connection = new NpgsqlConnection(db.Database.GetConnectionString());
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, _) => signal.Notify();
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                _listening.TrySetResult();
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.ListenFailed(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Listening for new work on PostgreSQL failed; dispatchers poll until it reconnects.")]
        public static partial void ListenFailed(ILogger logger, Exception exception);
    }
}
