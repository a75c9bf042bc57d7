using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace WebhookConsole.Engine.Persistence;

/// <summary>
/// Opens the queue's hot-path connections straight from the connection string. Opening one through an EF Core
/// context built the context's services first, which cost more than the claim or the write it was opened for. The
/// connections come from the same pools as EF Core's (both providers pool by connection string) and get the same
/// per-connection settings (<see cref="SqlitePragmas"/>).
/// </summary>
public sealed class QueueConnections
{
    private readonly Func<DbConnection> _create;
    private readonly string? _onOpen;

    private QueueConnections(Func<DbConnection> create, string? onOpen)
    {
        _create = create;
        _onOpen = onOpen;
    }

    public static QueueConnections Sqlite(string connectionString) => new(() => new SqliteConnection(connectionString), SqlitePragmas.Statement);

    public static QueueConnections Postgres(string connectionString) => new(() => new NpgsqlConnection(connectionString), null);

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = _create();
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (_onOpen is not null)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = _onOpen;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
