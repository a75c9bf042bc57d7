using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WebhookConsole.Engine.Persistence;

/// <summary>
/// Per-connection SQLite settings. <c>synchronous=NORMAL</c> in WAL mode keeps every committed transaction
/// across a process crash (only an OS crash or power loss can drop the last commits) at a fraction of FULL's
/// fsync cost; <c>busy_timeout</c> lets SQLite itself wait for the write lock instead of failing fast.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public const string Statement = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;";

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
