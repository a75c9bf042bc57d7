using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Persistence;

namespace WebhookConsole.Engine.Delivery;

/// <summary>
/// The deliveries table as a queue: a claim leases a batch of due rows to one dispatcher in a single
/// statement; a lease that runs out (the dispatcher died) makes its rows claimable again.
/// </summary>
public sealed class DeliveryQueue(IDbContextFactory<WebhookDbContext> dbs, WriteGate gate, TimeProvider time)
{
    // Due = waiting and its time has come, or in flight under a lease that ran out. Each kind is its own range of
    // the (Status, NextAttemptAt) index, read in order and cut at the batch size, so a claim costs the same with
    // ten rows or ten million; an OR across them would scan the whole table. The oldest due rows go first.
    private const string ClaimSql = """
        UPDATE deliveries
        SET "Status" = 'InFlight', "LeaseOwner" = @owner, "LeaseExpiresAt" = @leaseExpiresAt
        WHERE "Id" IN (
            SELECT "Id" FROM (
                SELECT "Id", "NextAttemptAt" FROM (SELECT "Id", "NextAttemptAt" FROM deliveries
                    WHERE "Status" = 'Pending' AND "NextAttemptAt" <= @now ORDER BY "NextAttemptAt" LIMIT @batchSize)
                UNION ALL
                SELECT "Id", "NextAttemptAt" FROM (SELECT "Id", "NextAttemptAt" FROM deliveries
                    WHERE "Status" = 'Retrying' AND "NextAttemptAt" <= @now ORDER BY "NextAttemptAt" LIMIT @batchSize)
                UNION ALL
                SELECT "Id", "NextAttemptAt" FROM (SELECT "Id", "NextAttemptAt" FROM deliveries
                    WHERE "Status" = 'InFlight' AND "LeaseExpiresAt" <= @now LIMIT @batchSize))
            ORDER BY "NextAttemptAt" LIMIT @batchSize)
        RETURNING "Id"
        """;

    /// <summary>Leases up to <paramref name="batchSize"/> due deliveries to <paramref name="owner"/>.</summary>
    public async Task<IReadOnlyList<Guid>> ClaimAsync(string owner, int batchSize, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        using var _ = await gate.EnterAsync(cancellationToken);
        var now = time.GetUtcNow();
        await using var command = connection.CreateCommand();
        command.CommandText = ClaimSql;
        AddParameter(command, "@owner", owner);
        AddParameter(command, "@leaseExpiresAt", (now + lease).ToUnixTimeMilliseconds());
        AddParameter(command, "@now", now.ToUnixTimeMilliseconds());
        AddParameter(command, "@batchSize", batchSize);
        var ids = new List<Guid>(batchSize);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(Guid.Parse(reader.GetString(0)));
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
