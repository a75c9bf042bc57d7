using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WebhookConsole.Engine.Configuration;

namespace WebhookConsole.Engine.Persistence;

/// <summary>
/// Applies pending migrations before any other part of the engine touches the database, and refuses to start on a
/// database that a newer version migrated (on PostgreSQL, one node at a time: <see cref="PostgresStartupLock"/>).
/// </summary>
internal sealed partial class DatabaseMigrator(IDbContextFactory<WebhookDbContext> dbs, ILogger<DatabaseMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // WAL lets the console read while dispatchers write; the mode is stored in the file.
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        else if (db.Database.IsNpgsql())
        {
            // EF Core reads the history table before creating it and logs that failure as an error on every fresh
            // database; creating it first (exactly as EF would) keeps a first start's log clean.
            await db.Database.ExecuteSqlRawAsync(
                """CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" ("MigrationId" character varying(150) NOT NULL PRIMARY KEY, "ProductVersion" character varying(32) NOT NULL);""",
                cancellationToken);
        }

        RefuseNewerDatabase(db, await db.Database.GetAppliedMigrationsAsync(cancellationToken));
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        Log.Migrated(logger, pending.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // Older code on a newer schema could write rows the newer code misreads, or fail half-way: stop before touching it.
    private static void RefuseNewerDatabase(WebhookDbContext db, IEnumerable<string> applied)
    {
        var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
        var unknown = applied.Where(id => !known.Contains(id)).ToList();
        if (unknown.Count > 0)
        {
            var version = typeof(DatabaseMigrator).Assembly.GetName().Version?.ToString(3);
            throw new StartupRefusedException(
                $"WebhookConsole {version} will not start: the database was migrated by a newer version " +
                $"(migrations this version does not know: {string.Join(", ", unknown)}). Nothing was changed. " +
                "Run the newer version on this node too (every node runs the same version once an upgrade has migrated " +
                "the database), or restore the backup taken before the upgrade to go back (docs/deployment.md, Upgrades).");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Database ready; {Count} migrations applied.")]
        public static partial void Migrated(ILogger logger, int count);
    }
}
