using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Persistence;

/// <summary>
/// The queue's hot-path writes in plain ADO.NET: event batches with their deliveries, and attempt records.
/// EF Core's change tracking costs tens of microseconds a row, which on this hot path was most of the time;
/// prepared statements reused across a batch cost a few. The storage formats are exactly EF's mapping (see
/// <see cref="WebhookDbContext.ConfigureConventions"/>): Guids as upper-case text, times as Unix milliseconds,
/// durations as milliseconds, enums as their names. Everything else reads and writes through EF.
/// </summary>
public sealed class QueueStore(IDbContextFactory<WebhookDbContext> dbs, WriteGate gate)
{
    private const string InsertEventSql = """
        INSERT INTO events ("Id", "OrganizationId", "TriggerType", "Name", "Payload", "IsTestEvent", "ReceivedAt")
        VALUES (@id, @organizationId, @triggerType, @name, @payload, @isTestEvent, @receivedAt)
        """;

    private const string InsertDeliverySql = """
        INSERT INTO deliveries ("Id", "EventId", "WebhookId", "OrganizationId", "Status", "AttemptCount", "CreatedAt", "NextAttemptAt")
        VALUES (@id, @eventId, @webhookId, @organizationId, @status, 0, @createdAt, @nextAttemptAt)
        """;

    // The lease owner guard: a dispatcher whose lease ran out (and whose rows another dispatcher took) records nothing.
    private const string RecordDeliverySql = """
        UPDATE deliveries SET "Status" = @status, "AttemptCount" = @attemptCount, "FirstAttemptAt" = @firstAttemptAt,
            "NextAttemptAt" = @nextAttemptAt, "CompletedAt" = @completedAt, "LastResponseStatus" = @lastResponseStatus,
            "LastError" = @lastError, "LeaseOwner" = NULL, "LeaseExpiresAt" = NULL
        WHERE "Id" = @id AND "LeaseOwner" = @owner
        """;

    private const string InsertAttemptSql = """
        INSERT INTO attempts ("DeliveryId", "Number", "StartedAt", "Duration", "RequestUrl", "RequestHeaders", "RequestBody",
            "ResponseStatus", "ResponseHeaders", "ResponseBody", "Error", "ErrorMessage")
        SELECT @deliveryId, @number, @startedAt, @duration, @requestUrl, @requestHeaders, @requestBody,
            @responseStatus, @responseHeaders, @responseBody, @error, @errorMessage
        WHERE changes() = 1
        """;

    private const string RecordWebhookSql = """
        UPDATE webhooks SET "FailingSince" = @failingSince, "Status" = @status, "DisabledReason" = @disabledReason, "UpdatedAt" = @updatedAt
        WHERE "Id" = @id
        """;

    /// <summary>Stores events and their deliveries in one transaction.</summary>
    public async Task InsertAsync(IReadOnlyList<WebhookEvent> events, IReadOnlyList<Domain.Delivery> deliveries, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        using var _ = await gate.EnterAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = Prepare(connection, transaction, InsertEventSql, "@id", "@organizationId", "@triggerType", "@name", "@payload", "@isTestEvent", "@receivedAt"))
        {
            foreach (var e in events)
            {
                await ExecuteAsync(insert, cancellationToken, Id(e.Id), Id(e.OrganizationId), e.TriggerType.ToString(), e.Name, e.Payload, e.IsTestEvent ? 1 : 0, Ms(e.ReceivedAt));
            }
        }

        await using (var insert = Prepare(connection, transaction, InsertDeliverySql, "@id", "@eventId", "@webhookId", "@organizationId", "@status", "@createdAt", "@nextAttemptAt"))
        {
            foreach (var d in deliveries)
            {
                await ExecuteAsync(insert, cancellationToken, Id(d.Id), Id(d.EventId), Id(d.WebhookId), Id(d.OrganizationId), d.Status.ToString(), Ms(d.CreatedAt), Ms(d.NextAttemptAt));
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Records a batch's outcomes: each delivery's new state (only while <paramref name="owner"/> still holds its lease),
    /// its attempt, and the webhooks whose state the batch changed, in one transaction.
    /// </summary>
    public async Task RecordAsync(string owner, IReadOnlyList<Domain.Delivery> deliveries, IReadOnlyList<Attempt?> attempts, IEnumerable<Webhook> webhooks)
    {
        await using var db = await dbs.CreateDbContextAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        using var _ = await gate.EnterAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var update = Prepare(connection, transaction, RecordDeliverySql, "@id", "@owner", "@status", "@attemptCount", "@firstAttemptAt", "@nextAttemptAt",
            "@completedAt", "@lastResponseStatus", "@lastError");
        await using var insert = Prepare(connection, transaction, InsertAttemptSql, "@deliveryId", "@number", "@startedAt", "@duration", "@requestUrl",
            "@requestHeaders", "@requestBody", "@responseStatus", "@responseHeaders", "@responseBody", "@error", "@errorMessage");
        for (var i = 0; i < deliveries.Count; i++)
        {
            var d = deliveries[i];
            await ExecuteAsync(update, CancellationToken.None, Id(d.Id), owner, d.Status.ToString(), d.AttemptCount, Ms(d.FirstAttemptAt), Ms(d.NextAttemptAt),
                Ms(d.CompletedAt), d.LastResponseStatus, d.LastError is { Length: > 1000 } error ? error[..1000] : d.LastError);
            if (attempts[i] is { } a)
            {
                await ExecuteAsync(insert, CancellationToken.None, Id(a.DeliveryId), a.Number, Ms(a.StartedAt), (long)a.Duration.TotalMilliseconds, a.RequestUrl,
                    a.RequestHeaders, a.RequestBody, a.ResponseStatus, a.ResponseHeaders, a.ResponseBody, a.Error.ToString(),
                    a.ErrorMessage is { Length: > 1000 } message ? message[..1000] : a.ErrorMessage);
            }
        }

        await using (var record = Prepare(connection, transaction, RecordWebhookSql, "@id", "@failingSince", "@status", "@disabledReason", "@updatedAt"))
        {
            foreach (var w in webhooks)
            {
                await ExecuteAsync(record, CancellationToken.None, Id(w.Id), Ms(w.FailingSince), w.Status.ToString(), w.DisabledReason, Ms(w.UpdatedAt));
            }
        }

        await transaction.CommitAsync();
    }

    private static DbCommand Prepare(DbConnection connection, DbTransaction transaction, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in names)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }

        command.Prepare();
        return command;
    }

    private static Task<int> ExecuteAsync(DbCommand command, CancellationToken cancellationToken, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Id(Guid id) => id.ToString().ToUpperInvariant();

    private static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private static long? Ms(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();
}
