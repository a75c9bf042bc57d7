using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Persistence;

namespace WebhookConsole.Engine.Audit;

/// <summary>
/// Records a change in the audit log, in the caller's unit of work: <see cref="Record"/> adds the entry to the
/// caller's context, and that context's next <c>SaveChangesAsync</c> links it into the organization's chain and
/// stores it in the same transaction as the change (<c>WebhookDbContext.SaveChangesAsync</c>). One line in a service:
/// <c>audit.Record(db, organizationId, AuditAction.WebhookDeleted, target)</c>.
/// </summary>
public sealed class AuditLog(AuditActors actors, IDbContextFactory<WebhookDbContext> dbs, TimeProvider time)
{
    public const string Success = "success";
    public const string Failure = "failure";

    /// <summary>The chain of changes that belong to no organization.</summary>
    public static readonly Guid PlatformChain = Guid.Empty;

    private static readonly JsonSerializerOptions DetailsJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The actor of the current call (see <see cref="AuditActors"/>).</summary>
    public AuditActor CurrentActor => actors.Current;

    /// <param name="details">An object serialized as JSON (snake_case names): names, ids and plain values only, never a secret.</param>
    /// <param name="actor">Who, when not the current call's actor (a sign-in knows its operator before the cookie does).</param>
    public AuditEntry Record(WebhookDbContext db, Guid organizationId, string action, AuditTarget target, object? details = null,
        string outcome = Success, AuditActor? actor = null)
    {
        var who = actor ?? actors.Current;
        var now = time.GetUtcNow();
        var entry = new AuditEntry
        {
            Id = TimeOrderedId.New(now),
            OrganizationId = organizationId,
            // Stored as Unix milliseconds: the hash is computed over what is stored.
            OccurredAt = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()),
            ActorType = who.Type,
            ActorId = who.Id,
            ActorName = Clip(who.Name, 256),
            ActorAddress = who.Address,
            Action = action,
            TargetType = target.Type,
            TargetId = target.Id,
            TargetName = target.Name is null ? null : Clip(target.Name, 2048),
            Outcome = outcome,
            Details = details is null ? null : JsonSerializer.Serialize(details, DetailsJson),
        };
        db.AuditEntries.Add(entry);
        return entry;
    }

    /// <summary>Records an entry that goes with no other change, in a transaction of its own.</summary>
    public async Task RecordAloneAsync(Guid organizationId, string action, AuditTarget target, object? details = null,
        string outcome = Success, AuditActor? actor = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        Record(db, organizationId, action, target, details, outcome, actor);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string Clip(string value, int length) => value.Length <= length ? value : value[..length];
}
