using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using WebhookConsole.Engine.Configuration;
using WebhookConsole.Engine.Diagnostics;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Engine.Webhooks;

namespace WebhookConsole.Engine.Privacy;

/// <summary>
/// Erasure by subject (GDPR article 17): finds every event of one organization that mentions a person, removes the
/// event payloads, sync hook results and the request and response bodies of their attempts, keeps the deliveries'
/// status, times and ids marked erased, and cancels what was not sent yet, all in one transaction. Running it again
/// finds nothing. Guarantees and limits (receivers, backups, PostgreSQL's old row versions): docs/security.md.
/// </summary>
public sealed partial class SubjectErasure(
    IDbContextFactory<WebhookDbContext> dbs,
    SqlDialect dialect,
    SubjectKeys keys,
    Security.PayloadCipher cipher,
    EngineNotifier notifier,
    DeliveryMetrics metrics,
    Audit.AuditLog audit,
    TimeProvider time,
    ILogger<SubjectErasure> logger)
{
    public const string CancelledReason = "Cancelled: its event was erased.";

    private const int Chunk = 500;

    /// <summary>Erases <paramref name="subject"/> from <paramref name="organizationId"/>'s events and answers what was done.</summary>
    public async Task<CommandResult<ErasureReport>> EraseAsync(Guid organizationId, ErasureSubject subject, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var eventIds = subject.Indexed
            ? await FindIndexedAsync(db, organizationId, subject, cancellationToken)
            : await ScanAsync(db, organizationId, subject, cancellationToken);

        var now = time.GetUtcNow();
        await db.Database.OpenConnectionAsync(cancellationToken);
        // SQLite: overwrite what an update or delete frees with zeros, so the old bytes leave the file (not only the rows).
        await SetSecureDeleteAsync(db, on: true, cancellationToken);
        int deliveries = 0, attempts = 0, cancelled = 0;
        try
        {
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                foreach (var chunk in eventIds.Chunk(Chunk))
                {
                    var (d, a, c) = await EraseChunkAsync(db, organizationId, chunk, now, cancellationToken);
                    deliveries += d;
                    attempts += a;
                    cancelled += c;
                }

                // Audited in the erasure's own transaction; the entry names how the events were found and how many, never the subject.
                audit.Record(db, organizationId, Audit.AuditAction.ErasureRun,
                    new Audit.AuditTarget(Audit.AuditTargetType.Organization, organizationId.ToString(), null),
                    new { Lookup = subject.Indexed ? "index" : "scan", Path = subject.Path is null ? null : "given", Events = eventIds.Count, Deliveries = deliveries, Attempts = attempts, Cancelled = cancelled });
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            // Fold the write-ahead log back and truncate it, so the old pages do not stay in the -wal file either.
            await CheckpointAsync(db, cancellationToken);
        }
        finally
        {
            await SetSecureDeleteAsync(db, on: false, CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }

        if (cancelled > 0)
        {
            metrics.RecordCancelled(cancelled);
        }

        if (eventIds.Count > 0)
        {
            notifier.Publish(new EngineChange(EngineChangeKind.DeliveryRecorded, organizationId, Guid.Empty));
        }

        var report = new ErasureReport(eventIds.Count, deliveries, attempts, cancelled, now, time.GetElapsedTime(started), subject.Indexed ? "index" : "scan");
        Log.Erased(logger, organizationId, report.Events, report.Deliveries, report.Attempts, report.Lookup, (long)report.Duration.TotalMilliseconds);
        return CommandResult<ErasureReport>.Ok(report);
    }

    private async Task<List<Guid>> FindIndexedAsync(WebhookDbContext db, Guid organizationId, ErasureSubject subject, CancellationToken cancellationToken)
    {
        var hash = keys.Hash(subject.Value);
        var ids = await db.EventSubjects.Where(s => s.OrganizationId == organizationId && s.SubjectHash == hash)
            .Select(s => s.EventId).Distinct().ToListAsync(cancellationToken);
        if (subject.Path is null)
        {
            return ids;
        }

        // A path names one place: keep the events that hold the value there, not only somewhere.
        var matched = new List<Guid>();
        foreach (var chunk in ids.Chunk(Chunk))
        {
            var candidates = await db.Events.AsNoTracking().Where(e => chunk.Contains(e.Id)).Select(e => new { e.Id, e.Payload }).ToListAsync(cancellationToken);
            matched.AddRange(candidates.Where(c => Matches(subject, cipher.DecryptPayload(c.Id, c.Payload))).Select(c => c.Id));
        }

        return matched;
    }

    // A path the index does not cover: every event of the organization is read, decrypted and parsed here, never matched
    // by SQL over the column (which holds ciphertext); seconds per hundred thousand events.
    private async Task<List<Guid>> ScanAsync(WebhookDbContext db, Guid organizationId, ErasureSubject subject, CancellationToken cancellationToken)
    {
        var matched = new List<Guid>();
        await foreach (var e in db.Events.AsNoTracking().Where(e => e.OrganizationId == organizationId && e.ErasedAt == null)
            .Select(e => new { e.Id, e.Payload }).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (Matches(subject, cipher.DecryptPayload(e.Id, e.Payload)))
            {
                matched.Add(e.Id);
            }
        }

        return matched;
    }

    private static bool Matches(ErasureSubject subject, string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            return subject.Matches(document.RootElement);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static async Task<(int Deliveries, int Attempts, int Cancelled)> EraseChunkAsync(WebhookDbContext db, Guid organizationId, Guid[] eventIds,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var deliveryIds = await db.Deliveries.Where(d => d.OrganizationId == organizationId && eventIds.Contains(d.EventId))
            .Select(d => d.Id).ToListAsync(cancellationToken);
        // Not sent yet: cancelled. In flight: the lease is taken back too, so the dispatcher's record (guarded by its
        // lease) writes neither the outcome nor the attempt's bodies.
        var cancelled = await db.Deliveries
            .Where(d => d.OrganizationId == organizationId && eventIds.Contains(d.EventId)
                && (d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.Retrying || d.Status == DeliveryStatus.InFlight))
            .ExecuteUpdateAsync(u => u
                .SetProperty(d => d.Status, DeliveryStatus.Cancelled)
                .SetProperty(d => d.CompletedAt, now)
                .SetProperty(d => d.LastError, CancelledReason)
                .SetProperty(d => d.LeaseOwner, (string?)null)
                .SetProperty(d => d.LeaseExpiresAt, (DateTimeOffset?)null), cancellationToken);
        var deliveries = await db.Deliveries.Where(d => d.OrganizationId == organizationId && eventIds.Contains(d.EventId))
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.ErasedAt, now), cancellationToken);
        var attempts = 0;
        foreach (var ids in deliveryIds.Chunk(Chunk))
        {
            attempts += await db.Attempts.Where(a => ids.Contains(a.DeliveryId))
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.RequestBody, "").SetProperty(a => a.ResponseBody, (string?)null), cancellationToken);
        }

        await db.Events.Where(e => e.OrganizationId == organizationId && eventIds.Contains(e.Id))
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.Payload, "{}").SetProperty(e => e.SyncResult, (string?)null).SetProperty(e => e.ErasedAt, now), cancellationToken);
        await db.EventSubjects.Where(s => eventIds.Contains(s.EventId)).ExecuteDeleteAsync(cancellationToken);
        // A publisher's idempotency key may carry the subject too.
        await db.IdempotencyKeys.Where(k => k.OrganizationId == organizationId && eventIds.Contains(k.EventId)).ExecuteDeleteAsync(cancellationToken);
        return (deliveries, attempts, cancelled);
    }

    private async Task SetSecureDeleteAsync(WebhookDbContext db, bool on, CancellationToken cancellationToken)
    {
        if (dialect.Provider == DatabaseProvider.Sqlite)
        {
            await db.Database.ExecuteSqlRawAsync(on ? "PRAGMA secure_delete=ON;" : "PRAGMA secure_delete=OFF;", cancellationToken);
        }
    }

    private async Task CheckpointAsync(WebhookDbContext db, CancellationToken cancellationToken)
    {
        if (dialect.Provider == DatabaseProvider.Sqlite)
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information,
            "Erasure in organization {OrganizationId}: {Events} events, {Deliveries} deliveries, {Attempts} attempts ({Lookup}, {ElapsedMs} ms).")]
        public static partial void Erased(ILogger logger, Guid organizationId, int events, int deliveries, int attempts, string lookup, long elapsedMs);
    }
}
