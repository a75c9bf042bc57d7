using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Persistence;

namespace WebhookConsole.Engine.Delivery;

/// <summary>
/// The deliveries table as a queue: a claim leases a batch of due rows to one dispatcher in a single
/// statement; a lease that runs out (the dispatcher died) makes its rows claimable again.
/// </summary>
public sealed class DeliveryQueue(IDbContextFactory<WebhookDbContext> dbs, WriteGate gate, SqlDialect dialect, TimeProvider time)
{

    /// <summary>Leases up to <paramref name="batchSize"/> due deliveries to <paramref name="owner"/>.</summary>
    public async Task<IReadOnlyList<Guid>> ClaimAsync(string owner, int batchSize, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        using var _ = await gate.EnterAsync(cancellationToken);
        var now = time.GetUtcNow();
        await using var command = connection.CreateCommand();
        command.CommandText = dialect.ClaimSql;
        AddParameter(command, "@owner", owner);
        AddParameter(command, "@leaseExpiresAt", (now + lease).ToUnixTimeMilliseconds());
        AddParameter(command, "@now", now.ToUnixTimeMilliseconds());
        AddParameter(command, "@batchSize", batchSize);
        var ids = new List<Guid>(batchSize);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
