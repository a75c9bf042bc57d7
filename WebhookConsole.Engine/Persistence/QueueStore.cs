using System.Data.Common;
using Microsoft.Data.Sqlite;
using WebhookConsole.Engine.Configuration;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Persistence;

/// <summary>
/// The queue's hot-path writes in plain ADO.NET: event batches with their deliveries, and attempt records.
/// EF Core's change tracking costs tens of microseconds a row, which on this hot path was most of the time;
/// prepared statements reused across a batch cost a few. The storage formats are exactly EF's mapping (see
/// <see cref="WebhookDbContext.ConfigureConventions"/>): ids as <see cref="SqlDialect"/> stores them, times as Unix milliseconds,
/// durations as milliseconds, enums as their names. Everything else reads and writes through EF.
/// </summary>
public sealed class QueueStore(QueueConnections connections, QueueWriter writer, SqlDialect dialect, Security.PayloadCipher cipher)
{
    private const string InsertEventSql = """
        INSERT INTO events ("Id", "OrganizationId", "TriggerType", "Name", "Payload", "IsTestEvent", "ReceivedAt")
        VALUES (@id, @organizationId, @triggerType, @name, @payload, @isTestEvent, @receivedAt)
        ON CONFLICT DO NOTHING
        """;

    // The subjects the event mentions, hashed (Privacy/SubjectKeys.cs): what an erasure looks up.
    private const string InsertSubjectSql = """
        INSERT INTO event_subjects ("OrganizationId", "SubjectHash", "EventId") VALUES (@organizationId, @subjectHash, @eventId)
        ON CONFLICT DO NOTHING
        """;

    private const string FindEventSql = """
        SELECT "OrganizationId" FROM events WHERE "Id" = @id
        """;

    // Idempotency keys: insert, or take over one older than the window, or else read whose it is (SQLite and
    // PostgreSQL share this syntax; on PostgreSQL a concurrent insert of the same key waits for the other to commit).
    private const string InsertKeySql = """
        INSERT INTO idempotency_keys ("OrganizationId", "Key", "EventId", "CreatedAt") VALUES (@organizationId, @key, @eventId, @createdAt)
        ON CONFLICT DO NOTHING
        """;

    private const string ReclaimKeySql = """
        UPDATE idempotency_keys SET "EventId" = @eventId, "CreatedAt" = @createdAt
        WHERE "OrganizationId" = @organizationId AND "Key" = @key AND "CreatedAt" < @cutoff
        """;

    private const string FindKeySql = """
        SELECT "EventId" FROM idempotency_keys WHERE "OrganizationId" = @organizationId AND "Key" = @key
        """;

    // Pending, or in flight already leased to this node's dispatcher (Delivery/DeliveryHandoff.cs).
    private const string InsertDeliverySql = """
        INSERT INTO deliveries ("Id", "EventId", "EventName", "IsTestEvent", "WebhookId", "OrganizationId", "Status", "AttemptCount", "CreatedAt", "NextAttemptAt", "Sequence",
            "LeaseOwner", "LeaseExpiresAt")
        VALUES (@id, @eventId, @eventName, @isTestEvent, @webhookId, @organizationId, @status, 0, @createdAt, @nextAttemptAt, @sequence, @leaseOwner, @leaseExpiresAt)
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
        VALUES (@deliveryId, @number, @startedAt, @duration, @requestUrl, @requestHeaders, @requestBody,
            @responseStatus, @responseHeaders, @responseBody, @error, @errorMessage)
        """;

    // PostgreSQL: the delivery's update and its attempt in one statement, the attempt written only when the update matched
    // (the lease owner guard). Parameters are cast: in a SELECT list PostgreSQL cannot infer their types from the columns.
    private const string RecordWithAttemptSql = """
        WITH updated AS (
            UPDATE deliveries SET "Status" = @status, "AttemptCount" = @attemptCount, "FirstAttemptAt" = @firstAttemptAt,
                "NextAttemptAt" = @nextAttemptAt, "CompletedAt" = @completedAt, "LastResponseStatus" = @lastResponseStatus,
                "LastError" = @lastError, "LeaseOwner" = NULL, "LeaseExpiresAt" = NULL
            WHERE "Id" = @id AND "LeaseOwner" = @owner
            RETURNING "Id")
        INSERT INTO attempts ("DeliveryId", "Number", "StartedAt", "Duration", "RequestUrl", "RequestHeaders", "RequestBody",
            "ResponseStatus", "ResponseHeaders", "ResponseBody", "Error", "ErrorMessage")
        SELECT "Id", @number::integer, @startedAt::bigint, @duration::bigint, @requestUrl::text, @requestHeaders::text, @requestBody::text,
            @responseStatus::integer, @responseHeaders::text, @responseBody::text, @error::text, @errorMessage::text
        FROM updated
        """;

    private const string RecordWebhookSql = """
        UPDATE webhooks SET "FailingSince" = @failingSince, "Status" = @status, "DisabledReason" = @disabledReason, "UpdatedAt" = @updatedAt
        WHERE "Id" = @id
        """;

    // The active webhooks subscribed to an event (the index on subscriptions (TriggerType, TriggerName, WebhookId) finds them),
    // each with what its scheduling policy depends on: its settings and its circuit (Scheduling/EndpointPolicy.IsConstrained).
    private const string SubscribersSql = """
        SELECT w."Id", w."MaxInFlight", w."RateLimitPerSecond", w."Ordering", (SELECT es."Circuit" FROM endpoint_states es WHERE es."WebhookId" = w."Id")
        FROM subscriptions s JOIN webhooks w ON w."Id" = s."WebhookId"
        WHERE s."TriggerType" = 'Event' AND s."TriggerName" = @name AND w."OrganizationId" = @organizationId AND w."Status" = 'Active'
        """;

    private const string LoadClaimedSql = """
        SELECT d."Id", d."EventId", d."WebhookId", d."OrganizationId", d."AttemptCount", d."FirstAttemptAt", d."CreatedAt",
            e."TriggerType", e."Name", e."Payload", e."IsTestEvent", e."ReceivedAt", d."LeaseExpiresAt"
        FROM deliveries d JOIN events e ON e."Id" = d."EventId"
        WHERE {0}
        """;

    private const string LoadWebhooksSql = """
        SELECT "Id", "OrganizationId", "Name", "TargetUrl", "Format", "ProtectedSecret", "PreviousProtectedSecret", "PreviousSecretExpiresAt",
            "ProtectedCustomHeaders", "Timeout", "Status", "DisabledReason", "FailingSince", "UpdatedAt", "MaxInFlight", "RateLimitPerSecond", "Ordering"
        FROM webhooks WHERE {0}
        """;

    private const string LoadOrganizationsSql = """
        SELECT "Id", "Handle", "Name" FROM organizations WHERE {0}
        """;

    /// <summary>
    /// True when writes commit in the order they were queued (SQLite's single writer, <see cref="QueueWriter"/>): an
    /// <see cref="InsertAsync"/> called after another commits after it, even when the first is still waiting.
    /// </summary>
    public bool CommitsInQueueOrder => dialect.SerializesWrites;

    /// <summary>
    /// The claimed deliveries with their events, webhooks and organizations, each webhook and organization one
    /// shared instance (so a batch's changes to a webhook add up).
    /// </summary>
    public async Task<ClaimedBatch> LoadClaimedAsync(IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var deliveries = new List<Domain.Delivery>(ids.Count);
        Dictionary<Guid, string>? unreadable = null;
        await using (var command = Command(connection, string.Format(LoadClaimedSql, dialect.InIds("d.\"Id\"")), ("@ids", dialect.IdList(ids))))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var deliveryId = dialect.ReadId(reader, 0);
                var eventId = dialect.ReadId(reader, 1);
                var organizationId = dialect.ReadId(reader, 3);
                string payload;
                try
                {
                    // SQLite gives the stored text's UTF-8 as it lies in the row, without a string of it.
                    payload = reader is SqliteDataReader
                        ? cipher.DecryptPayload(eventId, reader.GetFieldValue<byte[]>(9))
                        : cipher.DecryptPayload(eventId, reader.GetString(9));
                }
                catch (Security.StoredValueException ex)
                {
                    // This row alone: the rest of the batch is sent, and this delivery fails with the reason (never the value).
                    (unreadable ??= [])[deliveryId] = ex.Message;
                    payload = "";
                }

                deliveries.Add(new Domain.Delivery
                {
                    Id = deliveryId,
                    EventId = eventId,
                    WebhookId = dialect.ReadId(reader, 2),
                    OrganizationId = organizationId,
                    Status = DeliveryStatus.InFlight,
                    // When the lease the claim wrote runs out, which the dispatcher checks before each send.
                    LeaseExpiresAt = reader.IsDBNull(12) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(12)),
                    AttemptCount = reader.GetInt32(4),
                    FirstAttemptAt = reader.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                    CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
                    Event = new WebhookEvent
                    {
                        Id = eventId,
                        OrganizationId = organizationId,
                        TriggerType = Enum.Parse<Catalog.TriggerType>(reader.GetString(7)),
                        Name = reader.GetString(8),
                        Payload = payload,
                        IsTestEvent = reader.GetBoolean(10),
                        ReceivedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(11)),
                    },
                });
            }
        }

        var (webhooks, organizations) = await LoadEndpointsAsync(connection, deliveries, cancellationToken);
        return new ClaimedBatch(deliveries, webhooks, organizations, unreadable);
    }

    /// <summary>
    /// The webhooks and organizations of deliveries handed over fresh (<see cref="Delivery.DeliveryHandoff"/>), each one
    /// shared instance, set on the deliveries; a delivery whose webhook is gone (deleted, and its rows with it) gets none.
    /// </summary>
    public async Task<ClaimedBatch> LoadEndpointsAsync(List<Domain.Delivery> deliveries, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var (webhooks, organizations) = await LoadEndpointsAsync(connection, deliveries, cancellationToken);
        return new ClaimedBatch(deliveries, webhooks, organizations);
    }

    // Each webhook and organization one shared instance (so a batch's changes to a webhook add up), set on the deliveries;
    // a delivery whose webhook is gone (deleted, and its rows with it) gets none, and the dispatcher leaves it out.
    private async Task<(Dictionary<Guid, Webhook> Webhooks, Dictionary<Guid, Organization> Organizations)> LoadEndpointsAsync(
        DbConnection connection, List<Domain.Delivery> deliveries, CancellationToken cancellationToken)
    {
        var webhooks = new Dictionary<Guid, Webhook>();
        await using (var command = Command(connection, string.Format(LoadWebhooksSql, dialect.InIds("\"Id\"")), ("@ids", dialect.IdList(deliveries.Select(d => d.WebhookId).Distinct()))))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var webhook = new Webhook
                {
                    Id = dialect.ReadId(reader, 0),
                    OrganizationId = dialect.ReadId(reader, 1),
                    Name = reader.GetString(2),
                    TargetUrl = reader.GetString(3),
                    Format = Enum.Parse<WebhookFormat>(reader.GetString(4)),
                    ProtectedSecret = reader.IsDBNull(5) ? null : reader.GetString(5),
                    PreviousProtectedSecret = reader.IsDBNull(6) ? null : reader.GetString(6),
                    PreviousSecretExpiresAt = reader.IsDBNull(7) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
                    ProtectedCustomHeaders = reader.IsDBNull(8) ? null : reader.GetString(8),
                    Timeout = TimeSpan.FromMilliseconds(reader.GetInt64(9)),
                    Status = Enum.Parse<WebhookStatus>(reader.GetString(10)),
                    DisabledReason = reader.IsDBNull(11) ? null : reader.GetString(11),
                    FailingSince = reader.IsDBNull(12) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(12)),
                    UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(13)),
                    MaxInFlight = reader.IsDBNull(14) ? null : reader.GetInt32(14),
                    RateLimitPerSecond = reader.IsDBNull(15) ? null : reader.GetInt32(15),
                    Ordering = Enum.Parse<DeliveryOrdering>(reader.GetString(16)),
                };
                webhooks[webhook.Id] = webhook;
            }
        }

        var organizations = new Dictionary<Guid, Organization>();
        await using (var command = Command(connection, string.Format(LoadOrganizationsSql, dialect.InIds("\"Id\"")), ("@ids", dialect.IdList(deliveries.Select(d => d.OrganizationId).Distinct()))))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var organization = new Organization { Id = dialect.ReadId(reader, 0), Handle = reader.GetString(1), Name = reader.GetString(2) };
                organizations[organization.Id] = organization;
            }
        }

        foreach (var delivery in deliveries)
        {
            delivery.Webhook = webhooks.GetValueOrDefault(delivery.WebhookId);
        }

        return (webhooks, organizations);
    }

    /// <summary>The active webhooks subscribed to each (organization, event name), one prepared statement for them all.</summary>
    public async Task<Dictionary<(Guid OrganizationId, string EventName), List<Subscriber>>> SubscribersAsync(
        IEnumerable<(Guid OrganizationId, string EventName)> events, CancellationToken cancellationToken = default)
    {
        // No transaction: Microsoft.Data.Sqlite begins IMMEDIATE ones, which would take SQLite's write lock outside the queue's writer (QueueWriter).
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var find = Prepare(connection, null, SubscribersSql, "@name", "@organizationId");
        var subscribers = new Dictionary<(Guid, string), List<Subscriber>>();
        foreach (var key in events)
        {
            if (subscribers.ContainsKey(key))
            {
                continue;
            }

            find.Parameters[0].Value = key.EventName;
            find.Parameters[1].Value = Id(key.OrganizationId);
            var found = new List<Subscriber>();
            await using (var reader = await find.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var policy = new Scheduling.EndpointPolicy(dialect.ReadId(reader, 0), WebhookStatus.Active, reader.IsDBNull(1) ? null : reader.GetInt32(1),
                        reader.IsDBNull(2) ? null : reader.GetInt32(2), Enum.Parse<DeliveryOrdering>(reader.GetString(3)));
                    var state = reader.IsDBNull(4) ? null : new Scheduling.EndpointState { WebhookId = policy.WebhookId, Circuit = Enum.Parse<Scheduling.CircuitState>(reader.GetString(4)) };
                    found.Add(new Subscriber(policy.WebhookId, !policy.IsConstrained(state)));
                }
            }

            subscribers[key] = found;
        }

        return subscribers;
    }

    /// <summary>
    /// Stores events and their deliveries in one transaction, skipping each event whose idempotency key (newer than
    /// <paramref name="keysFrom"/>) or id is already stored. Returns, per write, the id of the event it duplicates,
    /// or null when it was stored. Duplicates are found by the primary keys (<c>INSERT … ON CONFLICT DO NOTHING</c>),
    /// never by a read first, so concurrent writers on any node cannot both store one. On SQLite the write is queued
    /// before this method first waits (the payloads are encrypted first, on the caller's thread).
    /// </summary>
    /// <exception cref="Delivery.EventIdTakenException">An event's id belongs to another organization's event; nothing is stored.</exception>
    public async Task<Guid?[]> InsertAsync(IReadOnlyList<EventWrite> writes, DateTimeOffset keysFrom, CancellationToken cancellationToken = default)
    {
        // Encrypted here, on the caller's thread, so the single writer only writes; as UTF-8 in pooled arrays, given back
        // once the write has ended (the writer is done with them by then, whether it committed or not).
        var payloads = new Security.StoredUtf8[writes.Count];
        for (var i = 0; i < writes.Count; i++)
        {
            payloads[i] = cipher.EncryptPayloadUtf8(writes[i].Event.Id, writes[i].Event.Payload);
        }

        try
        {
            return await WriteEventsAsync(writes, payloads, keysFrom, cancellationToken);
        }
        finally
        {
            foreach (var payload in payloads)
            {
                payload.Return();
            }
        }
    }

    private Task<Guid?[]> WriteEventsAsync(IReadOnlyList<EventWrite> writes, Security.StoredUtf8[] payloads, DateTimeOffset keysFrom, CancellationToken cancellationToken) =>
        writer.WriteAsync(null, async (connection, transaction) =>
        {
            var duplicates = new Guid?[writes.Count];
            var deliveries = writes.All(w => w.IdempotencyKey is null) && connection.CanCreateBatch
                ? await InsertPipelinedAsync(connection, transaction, writes, payloads, duplicates, cancellationToken)
                : await InsertOneByOneAsync(connection, transaction, writes, payloads, keysFrom, duplicates, cancellationToken);
            // Other nodes hear of queued rows only; rows handed to this node's dispatcher are leased already.
            if (deliveries > 0 && dialect.NotifyNewWorkSql is { } notify && writes.Any(w => w.Deliveries.Any(d => d.Status == DeliveryStatus.Pending)))
            {
                await using var command = Command(connection, notify);
                command.Transaction = transaction;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            return duplicates;
        }, cancellationToken);

    // SQLite (statements are calls into the same process, compiled once for the batch), and any batch with idempotency keys.
    private async Task<int> InsertOneByOneAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<EventWrite> writes, Security.StoredUtf8[] payloads, DateTimeOffset keysFrom,
        Guid?[] duplicates, CancellationToken cancellationToken)
    {
        var keyed = writes.Any(w => w.IdempotencyKey is not null);
        await using var insertKey = keyed ? Statement(connection, transaction, InsertKeySql, "@organizationId", "@key", "@eventId", "@createdAt") : null;
        await using var reclaimKey = keyed ? Statement(connection, transaction, ReclaimKeySql, "@organizationId", "@key", "@eventId", "@createdAt", "@cutoff") : null;
        await using var insertEvent = Statement(connection, transaction, InsertEventSql, "@id", "@organizationId", "@triggerType", "@name", "@payload", "@isTestEvent", "@receivedAt");
        await using var insertDelivery = Statement(connection, transaction, InsertDeliverySql, "@id", "@eventId", "@eventName", "@isTestEvent", "@webhookId", "@organizationId", "@status", "@createdAt", "@nextAttemptAt", "@sequence",
            "@leaseOwner", "@leaseExpiresAt");
        await using var insertSubject = Statement(connection, transaction, InsertSubjectSql, "@organizationId", "@subjectHash", "@eventId");
        var deliveries = 0;
        for (var i = 0; i < writes.Count; i++)
        {
            var (e, key, eventDeliveries, subjects) = writes[i];
            if (key is not null)
            {
                // A key seen within the window names the first event; an older one (not purged yet) is taken over.
                if (await insertKey!.Bind(e.OrganizationId).Bind(key).Bind(e.Id).Bind(Ms(e.ReceivedAt)).ExecuteAsync(cancellationToken) == 0
                    && await reclaimKey!.Bind(e.OrganizationId).Bind(key).Bind(e.Id).Bind(Ms(e.ReceivedAt)).Bind(Ms(keysFrom)).ExecuteAsync(cancellationToken) == 0)
                {
                    duplicates[i] = await ScalarIdAsync(connection, transaction, FindKeySql, cancellationToken, ("@organizationId", Id(e.OrganizationId)), ("@key", key));
                    continue;
                }
            }

            if (await insertEvent.Bind(e.Id).Bind(e.OrganizationId).Bind(e.TriggerType.ToString()).Bind(e.Name).BindUtf8(payloads[i].Span).Bind(e.IsTestEvent).Bind(Ms(e.ReceivedAt))
                .ExecuteAsync(cancellationToken) == 0)
            {
                // The id is taken: a publisher sending its event again (the same organization), or another's event.
                duplicates[i] = await ScalarIdAsync(connection, transaction, FindEventSql, cancellationToken, ("@id", Id(e.Id))) == e.OrganizationId
                    ? e.Id
                    : throw new Delivery.EventIdTakenException(i, e.Id);
                continue;
            }

            foreach (var subject in subjects ?? [])
            {
                await insertSubject.Bind(e.OrganizationId).Bind(subject).Bind(e.Id).ExecuteAsync(cancellationToken);
            }

            foreach (var d in eventDeliveries)
            {
                await insertDelivery.Bind(d.Id).Bind(d.EventId).Bind(d.EventName).Bind(d.IsTestEvent).Bind(d.WebhookId).Bind(d.OrganizationId).Bind(d.Status.ToString())
                    .Bind(Ms(d.CreatedAt)).Bind(Ms(d.NextAttemptAt)).Bind(d.Sequence).Bind(d.LeaseOwner).Bind(Ms(d.LeaseExpiresAt)).ExecuteAsync(cancellationToken);
                deliveries++;
            }
        }

        return deliveries;
    }

    // PostgreSQL, no idempotency keys in the batch: a round trip per row was most of a batch's time, so the events go in
    // one batch of statements, then the deliveries of those that were stored in another. Returns how many deliveries.
    private async Task<int> InsertPipelinedAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<EventWrite> writes, Security.StoredUtf8[] payloads, Guid?[] duplicates,
        CancellationToken cancellationToken)
    {
        await using (var events = connection.CreateBatch())
        {
            events.Transaction = transaction;
            for (var i = 0; i < writes.Count; i++)
            {
                var e = writes[i].Event;
                events.BatchCommands.Add(BatchCommand(events, InsertEventSql, ("@id", Id(e.Id)), ("@organizationId", Id(e.OrganizationId)),
                    ("@triggerType", e.TriggerType.ToString()), ("@name", e.Name), ("@payload", payloads[i].ToText()), ("@isTestEvent", e.IsTestEvent), ("@receivedAt", Ms(e.ReceivedAt))));
            }

            await events.ExecuteNonQueryAsync(cancellationToken);
            for (var i = 0; i < writes.Count; i++)
            {
                if (events.BatchCommands[i].RecordsAffected == 0)
                {
                    var e = writes[i].Event;
                    duplicates[i] = await ScalarIdAsync(connection, transaction, FindEventSql, cancellationToken, ("@id", Id(e.Id))) == e.OrganizationId
                        ? e.Id
                        : throw new Delivery.EventIdTakenException(i, e.Id);
                }
            }
        }

        await using var deliveries = connection.CreateBatch();
        deliveries.Transaction = transaction;
        for (var i = 0; i < writes.Count; i++)
        {
            foreach (var d in duplicates[i] is null ? writes[i].Deliveries : [])
            {
                deliveries.BatchCommands.Add(BatchCommand(deliveries, InsertDeliverySql, ("@id", Id(d.Id)), ("@eventId", Id(d.EventId)), ("@eventName", d.EventName),
                    ("@isTestEvent", d.IsTestEvent), ("@webhookId", Id(d.WebhookId)), ("@organizationId", Id(d.OrganizationId)), ("@status", d.Status.ToString()),
                    ("@createdAt", Ms(d.CreatedAt)), ("@nextAttemptAt", Ms(d.NextAttemptAt)), ("@sequence", d.Sequence), ("@leaseOwner", d.LeaseOwner),
                    ("@leaseExpiresAt", Ms(d.LeaseExpiresAt))));
            }
        }

        var deliveryCount = deliveries.BatchCommands.Count;
        for (var i = 0; i < writes.Count; i++)
        {
            var e = writes[i].Event;
            foreach (var subject in duplicates[i] is null ? writes[i].Subjects ?? [] : [])
            {
                deliveries.BatchCommands.Add(BatchCommand(deliveries, InsertSubjectSql, ("@organizationId", Id(e.OrganizationId)), ("@subjectHash", subject), ("@eventId", Id(e.Id))));
            }
        }

        if (deliveries.BatchCommands.Count > 0)
        {
            await deliveries.ExecuteNonQueryAsync(cancellationToken);
        }

        return deliveryCount;
    }

    private static DbBatchCommand BatchCommand(DbBatch batch, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    // The id a duplicate names: rare, so its command is made when one is met rather than compiled for every batch.
    private async Task<Guid> ScalarIdAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken,
        params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        command.Transaction = transaction;
        return dialect.IdFrom(await command.ExecuteScalarAsync(cancellationToken));
    }

    /// <summary>
    /// Records a batch's outcomes: each delivery's new state (only while <paramref name="owner"/> still holds its lease),
    /// its attempt, the webhooks whose state the batch changed, and what <paramref name="circuits"/> does (the endpoints'
    /// circuits), in one transaction. <paramref name="circuits"/> runs first (it takes its locks before any row lock,
    /// so it never waits on a claim that waits on this transaction) and writes after the deliveries are updated.
    /// </summary>
    public async Task RecordAsync(string owner, IReadOnlyList<Domain.Delivery> deliveries, IReadOnlyList<Attempt?> attempts, IEnumerable<Webhook> webhooks,
        Func<DbConnection, DbTransaction, Task<Func<Task>>>? circuits = null)
    {
        // Encrypted here, on the recorder's thread, so the single writer only writes.
        var bodies = attempts.Select(a => a is null ? default : new StoredBodies(
            cipher.EncryptRequestBody(a.DeliveryId, a.Number, a.RequestBody), cipher.EncryptResponseBody(a.DeliveryId, a.Number, a.ResponseBody))).ToArray();
        await writer.WriteAsync(null, async (connection, transaction) =>
        {
            var writeCircuits = circuits is null ? null : await circuits(connection, transaction);
            await (connection.CanCreateBatch
                ? RecordPipelinedAsync(connection, transaction, owner, deliveries, attempts, bodies)
                : RecordOneByOneAsync(connection, transaction, owner, deliveries, attempts, bodies));
            await using (var record = Statement(connection, transaction, RecordWebhookSql, "@id", "@failingSince", "@status", "@disabledReason", "@updatedAt"))
            {
                foreach (var w in webhooks)
                {
                    await record.Bind(w.Id).Bind(Ms(w.FailingSince)).Bind(w.Status.ToString()).Bind(w.DisabledReason).Bind(Ms(w.UpdatedAt)).ExecuteAsync();
                }
            }

            if (writeCircuits is not null)
            {
                await writeCircuits();
            }
        });
    }

    // SQLite: statements are calls into the same process, compiled once for the batch.
    private async Task RecordOneByOneAsync(DbConnection connection, DbTransaction transaction, string owner, IReadOnlyList<Domain.Delivery> deliveries,
        IReadOnlyList<Attempt?> attempts, StoredBodies[] bodies)
    {
        await using var update = Statement(connection, transaction, RecordDeliverySql, "@id", "@owner", "@status", "@attemptCount", "@firstAttemptAt", "@nextAttemptAt",
            "@completedAt", "@lastResponseStatus", "@lastError");
        await using var insert = Statement(connection, transaction, InsertAttemptSql, "@deliveryId", "@number", "@startedAt", "@duration", "@requestUrl",
            "@requestHeaders", "@requestBody", "@responseStatus", "@responseHeaders", "@responseBody", "@error", "@errorMessage");
        for (var i = 0; i < deliveries.Count; i++)
        {
            var d = deliveries[i];
            var updated = await update.Bind(d.Id).Bind(owner).Bind(d.Status.ToString()).Bind(d.AttemptCount).Bind(Ms(d.FirstAttemptAt)).Bind(Ms(d.NextAttemptAt))
                .Bind(Ms(d.CompletedAt)).Bind(d.LastResponseStatus).Bind(d.LastError is { Length: > 1000 } error ? error[..1000] : d.LastError).ExecuteAsync();
            if (updated == 1 && attempts[i] is { } a)
            {
                await insert.Bind(a.DeliveryId).Bind(a.Number).Bind(Ms(a.StartedAt)).Bind((long)a.Duration.TotalMilliseconds).Bind(a.RequestUrl)
                    .Bind(a.RequestHeaders).Bind(bodies[i].Request).Bind(a.ResponseStatus).Bind(a.ResponseHeaders).Bind(bodies[i].Response).Bind(a.Error.ToString())
                    .Bind(a.ErrorMessage is { Length: > 1000 } message ? message[..1000] : a.ErrorMessage).ExecuteAsync();
            }
        }
    }

    // PostgreSQL: every delivery's update (with its attempt) in one batch of statements, one round trip for the whole batch.
    private async Task RecordPipelinedAsync(DbConnection connection, DbTransaction transaction, string owner, IReadOnlyList<Domain.Delivery> deliveries,
        IReadOnlyList<Attempt?> attempts, StoredBodies[] bodies)
    {
        await using var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        for (var i = 0; i < deliveries.Count; i++)
        {
            var d = deliveries[i];
            (string, object?)[] update =
            [
                ("@id", Id(d.Id)), ("@owner", owner), ("@status", d.Status.ToString()), ("@attemptCount", d.AttemptCount), ("@firstAttemptAt", Ms(d.FirstAttemptAt)),
                ("@nextAttemptAt", Ms(d.NextAttemptAt)), ("@completedAt", Ms(d.CompletedAt)), ("@lastResponseStatus", d.LastResponseStatus),
                ("@lastError", d.LastError is { Length: > 1000 } error ? error[..1000] : d.LastError),
            ];
            batch.BatchCommands.Add(attempts[i] is { } a
                ? BatchCommand(batch, RecordWithAttemptSql, [.. update, ("@number", a.Number), ("@startedAt", Ms(a.StartedAt)), ("@duration", (long)a.Duration.TotalMilliseconds),
                    ("@requestUrl", a.RequestUrl), ("@requestHeaders", a.RequestHeaders), ("@requestBody", bodies[i].Request), ("@responseStatus", a.ResponseStatus),
                    ("@responseHeaders", a.ResponseHeaders), ("@responseBody", bodies[i].Response), ("@error", a.Error.ToString()),
                    ("@errorMessage", a.ErrorMessage is { Length: > 1000 } message ? message[..1000] : a.ErrorMessage)])
                : BatchCommand(batch, RecordDeliverySql, update));
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync();
        }
    }

    // An attempt's request and response bodies as stored (encrypted; null where there is none).
    private readonly record struct StoredBodies(string? Request, string? Response);

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private RowStatement Statement(DbConnection connection, DbTransaction? transaction, string sql, params string[] names) =>
        RowStatement.Create(connection, transaction, dialect, sql, names);

    private DbCommand Prepare(DbConnection connection, DbTransaction? transaction, string sql, params string[] names)
    {
        var command = RowStatement.Command(connection, transaction, sql, names);

        // SQLite compiles the statement once for the whole batch. Npgsql needs the parameters' types first, so it
        // prepares on first execution instead (its automatic preparation, or a plain execution).
        if (dialect.Provider == DatabaseProvider.Sqlite)
        {
            command.Prepare();
        }

        return command;
    }

    private object Id(Guid id) => dialect.Id(id);

    private static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private static long? Ms(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();
}

/// <summary>One event to store, with its publisher's idempotency key (if any) and its deliveries.</summary>
/// <param name="Subjects">The keyed hashes of the subjects the event mentions (<see cref="Privacy.SubjectKeys"/>), stored with it.</param>
public sealed record EventWrite(WebhookEvent Event, string? IdempotencyKey, IReadOnlyList<Domain.Delivery> Deliveries, IReadOnlyList<byte[]>? Subjects = null);

/// <summary>An active webhook subscribed to an event.</summary>
/// <param name="Unconstrained">No cap, rate limit, FIFO line or circuit that is not closed: a delivery to it may be handed straight to a dispatcher (<see cref="Delivery.DeliveryHandoff"/>).</param>
public readonly record struct Subscriber(Guid WebhookId, bool Unconstrained);

/// <summary>A claimed batch, ready to send.</summary>
/// <param name="Unreadable">The deliveries whose stored payload does not decrypt where it is, with the reason (which names the row, never the value).</param>
public sealed record ClaimedBatch(List<Domain.Delivery> Deliveries, Dictionary<Guid, Webhook> Webhooks, Dictionary<Guid, Organization> Organizations,
    IReadOnlyDictionary<Guid, string>? Unreadable = null);
