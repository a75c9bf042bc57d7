using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WebhookConsole.Engine.Persistence;

/// <summary>
/// Per-connection SQLite settings. <c>synchronous=NORMAL</c> in WAL mode keeps every committed transaction
/// across a process crash (only an OS crash or power loss can drop the last commits) at a fraction of FULL's
/// fsync cost; <c>busy_timeout</c> lets SQLite itself wait for the write lock instead of failing fast;
/// <c>wal_autocheckpoint</c> copies the log back into the database file every <see cref="CheckpointPages"/> pages
/// (about 40 MB) instead of SQLite's 1,000: the pages every commit changes (the last page of each index) are copied
/// once per checkpoint, so ten times fewer checkpoints copy them ten times less often (docs/performance.md). Most of
/// the log is copied before that by <see cref="WalCheckpointer"/>, off the writer's path; the automatic checkpoint
/// then copies what is left and lets the log start again from its beginning.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public const int CheckpointPages = 10_000;

    public static readonly string Statement = $"PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA wal_autocheckpoint={CheckpointPages};";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Statement;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Statement;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
