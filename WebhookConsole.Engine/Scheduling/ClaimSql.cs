using WebhookConsole.Engine.Configuration;

namespace WebhookConsole.Engine.Scheduling;

/// <summary>
/// The scheduler's statements. Every one reads a range of the index <c>(Status, WebhookId, NextAttemptAt, Sequence)</c>,
/// so a claim costs the same with ten queued rows or ten million: the endpoints with queued rows are found by
/// skipping from one webhook id to the next (a loose index scan), and each endpoint's due rows are read oldest
/// first and cut at its quota. PostgreSQL adds <c>FOR UPDATE SKIP LOCKED</c> (nodes claim disjoint rows at once)
/// and a transaction-scoped advisory lock per constrained endpoint (its cap, rate limit, FIFO line and circuit
/// hold across nodes).
/// </summary>
internal sealed class ClaimSql
{
    public const string ReturnExpired = """
        UPDATE deliveries SET "Status" = CASE WHEN "AttemptCount" = 0 THEN 'Pending' ELSE 'Retrying' END, "LeaseOwner" = NULL, "LeaseExpiresAt" = NULL
        WHERE "Status" = 'InFlight' AND "LeaseExpiresAt" <= @now
        """;

    // The endpoints with pending or retrying rows, each with its earliest due time.
    public const string Discover = """
        WITH RECURSIVE
        pending(id) AS (
            SELECT (SELECT "WebhookId" FROM deliveries WHERE "Status" = 'Pending' ORDER BY "WebhookId" LIMIT 1)
            UNION ALL
            SELECT (SELECT "WebhookId" FROM deliveries WHERE "Status" = 'Pending' AND "WebhookId" > pending.id ORDER BY "WebhookId" LIMIT 1)
            FROM pending WHERE pending.id IS NOT NULL),
        retrying(id) AS (
            SELECT (SELECT "WebhookId" FROM deliveries WHERE "Status" = 'Retrying' ORDER BY "WebhookId" LIMIT 1)
            UNION ALL
            SELECT (SELECT "WebhookId" FROM deliveries WHERE "Status" = 'Retrying' AND "WebhookId" > retrying.id ORDER BY "WebhookId" LIMIT 1)
            FROM retrying WHERE retrying.id IS NOT NULL)
        SELECT id, (SELECT MIN("NextAttemptAt") FROM deliveries WHERE "Status" = 'Pending' AND "WebhookId" = pending.id) FROM pending WHERE id IS NOT NULL
        UNION ALL
        SELECT id, (SELECT MIN("NextAttemptAt") FROM deliveries WHERE "Status" = 'Retrying' AND "WebhookId" = retrying.id) FROM retrying WHERE id IS NOT NULL
        """;

    public const string CountInFlight = """
        SELECT COUNT(*) FROM deliveries WHERE "Status" = 'InFlight' AND "WebhookId" = @webhookId
        """;

    /// <summary>
    /// Formatted with the dialect's id-list condition on <c>"Id"</c>. A disabled organization's webhooks get no policy,
    /// so their deliveries stay queued, untouched, until it is enabled again.
    /// </summary>
    public const string LoadPolicies = """
        SELECT "Id", "Status", "MaxInFlight", "RateLimitPerSecond", "Ordering" FROM webhooks WHERE {0}
        AND "OrganizationId" NOT IN (SELECT "Id" FROM organizations WHERE "DisabledAt" IS NOT NULL)
        """;

    /// <summary>Formatted with the dialect's id-list condition on <c>"WebhookId"</c>.</summary>
    public const string LoadStates = """
        SELECT "WebhookId", "Circuit", "CircuitSince", "NextProbeAt", "CoolDown", "ConsecutiveFailures", "Tokens", "TokensAt"
        FROM endpoint_states WHERE {0}
        """;

    // WHERE EXISTS: a webhook deleted meanwhile gets no state row (and the statement no foreign-key error).
    public const string SaveState = """
        INSERT INTO endpoint_states ("WebhookId", "Circuit", "CircuitSince", "NextProbeAt", "CoolDown", "ConsecutiveFailures", "Tokens", "TokensAt")
        SELECT @webhookId, @circuit, @circuitSince, @nextProbeAt, @coolDown, @consecutiveFailures, @tokens, @tokensAt
        WHERE EXISTS (SELECT 1 FROM webhooks WHERE "Id" = @webhookId)
        ON CONFLICT ("WebhookId") DO UPDATE SET "Circuit" = excluded."Circuit", "CircuitSince" = excluded."CircuitSince",
            "NextProbeAt" = excluded."NextProbeAt", "CoolDown" = excluded."CoolDown", "ConsecutiveFailures" = excluded."ConsecutiveFailures",
            "Tokens" = excluded."Tokens", "TokensAt" = excluded."TokensAt"
        """;

    // A FIFO line's head is its open row with the lowest sequence; it is claimed only when it is queued and due.
    // Another node that leased it meanwhile makes the status check fail, so the head is never passed over.
    public const string ClaimHead = """
        UPDATE deliveries SET "Status" = 'InFlight', "LeaseOwner" = @owner, "LeaseExpiresAt" = @leaseExpiresAt
        WHERE "Id" = (
            SELECT heads."Id" FROM (
                SELECT p."Id", p."Sequence" FROM (SELECT "Id", "Sequence" FROM deliveries WHERE "Status" = 'Pending' AND "WebhookId" = @webhookId
                    ORDER BY "NextAttemptAt", "Sequence" LIMIT 1) p
                UNION ALL SELECT "Id", "Sequence" FROM deliveries WHERE "Status" = 'Retrying' AND "WebhookId" = @webhookId
                UNION ALL SELECT "Id", "Sequence" FROM deliveries WHERE "Status" = 'InFlight' AND "WebhookId" = @webhookId) heads
            ORDER BY heads."Sequence" LIMIT 1)
        AND "Status" IN ('Pending', 'Retrying') AND "NextAttemptAt" <= @now
        RETURNING "Id"
        """;

    // Time a circuit spent open does not count against its deliveries' retry windows.
    public const string ShiftRetryWindows = """
        UPDATE deliveries SET "FirstAttemptAt" = "FirstAttemptAt" + @shift
        WHERE "Status" = 'Retrying' AND "WebhookId" = @webhookId AND "FirstAttemptAt" IS NOT NULL
        """;

    private const string SqliteClaimDue = """
        UPDATE deliveries SET "Status" = 'InFlight', "LeaseOwner" = @owner, "LeaseExpiresAt" = @leaseExpiresAt
        WHERE "Id" IN (
            SELECT due."Id" FROM (
                SELECT p."Id", p."NextAttemptAt", p."Sequence" FROM (SELECT "Id", "NextAttemptAt", "Sequence" FROM deliveries
                    WHERE "Status" = 'Pending' AND "WebhookId" = @webhookId AND "NextAttemptAt" <= @now ORDER BY "NextAttemptAt", "Sequence" LIMIT @quota) p
                UNION ALL
                SELECT r."Id", r."NextAttemptAt", r."Sequence" FROM (SELECT "Id", "NextAttemptAt", "Sequence" FROM deliveries
                    WHERE "Status" = 'Retrying' AND "WebhookId" = @webhookId AND "NextAttemptAt" <= @now ORDER BY "NextAttemptAt", "Sequence" LIMIT @quota) r) due
            ORDER BY due."NextAttemptAt", due."Sequence" LIMIT @quota)
        RETURNING "Id"
        """;

    private const string PostgresClaimDue = """
        WITH pending AS (
            SELECT "Id", "NextAttemptAt", "Sequence" FROM deliveries
            WHERE "Status" = 'Pending' AND "WebhookId" = @webhookId AND "NextAttemptAt" <= @now ORDER BY "NextAttemptAt", "Sequence" LIMIT @quota
            FOR UPDATE SKIP LOCKED),
        retrying AS (
            SELECT "Id", "NextAttemptAt", "Sequence" FROM deliveries
            WHERE "Status" = 'Retrying' AND "WebhookId" = @webhookId AND "NextAttemptAt" <= @now ORDER BY "NextAttemptAt", "Sequence" LIMIT @quota
            FOR UPDATE SKIP LOCKED),
        picked AS (
            SELECT "Id" FROM (SELECT * FROM pending UNION ALL SELECT * FROM retrying) due ORDER BY "NextAttemptAt", "Sequence" LIMIT @quota)
        UPDATE deliveries d SET "Status" = 'InFlight', "LeaseOwner" = @owner, "LeaseExpiresAt" = @leaseExpiresAt
        FROM picked WHERE d."Id" = picked."Id"
        RETURNING d."Id"
        """;

    public static readonly ClaimSql Sqlite = new(SqliteClaimDue, lockEndpoint: null, lockStates: "");

    public static readonly ClaimSql Postgres = new(PostgresClaimDue, "SELECT pg_advisory_xact_lock(@key)", " FOR UPDATE");

    private ClaimSql(string claimDue, string? lockEndpoint, string lockStates)
    {
        ClaimDue = claimDue;
        LockEndpoint = lockEndpoint;
        LockStatesSuffix = lockStates;
    }

    public static ClaimSql For(DatabaseProvider provider) => provider == DatabaseProvider.Postgres ? Postgres : Sqlite;

    /// <summary>Leases up to <c>@quota</c> of one endpoint's due rows, oldest first.</summary>
    public string ClaimDue { get; }

    /// <summary>Serializes claims of one endpoint across nodes until the transaction ends; null where the write lock already does.</summary>
    public string? LockEndpoint { get; }

    /// <summary>Appended to <see cref="LoadStates"/> to hold the rows until the transaction ends.</summary>
    public string LockStatesSuffix { get; }
}
