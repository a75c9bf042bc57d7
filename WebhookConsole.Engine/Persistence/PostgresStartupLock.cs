using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace WebhookConsole.Engine.Persistence;

/// <summary>
/// On PostgreSQL, nodes start one at a time: a session advisory lock is taken before the first hosted service starts
/// and released once all have started. So migrations run once (the first node applies them, the others find nothing
/// pending), and the first start's one-time rows (Quartz's tables and jobs, the Data Protection key, the first signing
/// key, the bootstrap admin) are written by one node, which the next ones then read.
/// </summary>
internal sealed partial class PostgresStartupLock(IDbContextFactory<WebhookDbContext> dbs, ILogger<PostgresStartupLock> logger)
    : IHostedLifecycleService, IAsyncDisposable
{
    // "WEBHOOKS" in ASCII: one key for every WebhookConsole node on a database.
    private const long LockKey = 0x574542484F4F4B53;

    private NpgsqlConnection? _connection;

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using (var db = await dbs.CreateDbContextAsync(cancellationToken))
        {
            // Its own connection, outside the pool: the lock lives exactly as long as this session.
            var builder = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false };
            _connection = new NpgsqlConnection(builder.ConnectionString);
        }

        await _connection.OpenAsync(cancellationToken);
        if (!await ExecuteAsync("SELECT pg_try_advisory_lock(@key)", cancellationToken))
        {
            Log.Waiting(logger);
            await ExecuteAsync("SELECT pg_advisory_lock(@key)", cancellationToken);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => ReleaseAsync();

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => ReleaseAsync();

    public async ValueTask DisposeAsync() => await ReleaseAsync();

    // Closing the session releases the lock, also when start-up failed half-way.
    private async Task ReleaseAsync()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync();
        }
    }

    private async Task<bool> ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, _connection) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("key", LockKey);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Another node is starting on this database (migrating it or writing its first rows); waiting for it to finish.")]
        public static partial void Waiting(ILogger logger);
    }
}
