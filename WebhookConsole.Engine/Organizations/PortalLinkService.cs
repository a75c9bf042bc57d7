using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Engine.Security;
using WebhookConsole.Engine.Webhooks;

namespace WebhookConsole.Engine.Organizations;

/// <summary>
/// Portal links: an organization's admin (or a platform operator) creates one for the tenant's developers; its token
/// (256 random bits, shown once, stored as SHA-256) opens that organization's portal until it expires or is revoked.
/// Every portal request resolves the token again, so a revocation holds at once.
/// </summary>
public sealed class PortalLinkService(IDbContextFactory<WebhookDbContext> dbs, Audit.AuditLog audit, TimeProvider time)
{
    public const int MaxNameLength = 200;
    public static readonly TimeSpan MinLifetime = TimeSpan.FromHours(1);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(90);

    public async Task<IReadOnlyList<PortalLink>> ListAsync(Guid organizationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var links = await db.PortalLinks.AsNoTracking().Where(l => l.OrganizationId == organizationId).ToListAsync(cancellationToken);
        return [.. links.OrderByDescending(l => l.CreatedAt).ThenByDescending(l => l.Id)];
    }

    public async Task<CommandResult<CreatedPortalLink>> CreateAsync(Guid organizationId, PortalLinkInput input, string createdBy, CancellationToken cancellationToken = default)
    {
        var errors = new List<FieldError>();
        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors.Add(new("name", "The name is required."));
        }
        else if (name.Length > MaxNameLength)
        {
            errors.Add(new("name", $"The name must be at most {MaxNameLength} characters."));
        }

        if (input.Lifetime < MinLifetime || input.Lifetime > MaxLifetime)
        {
            errors.Add(new("lifetime", "The link must last from one hour to 90 days."));
        }

        var unknown = input.EventTypes.Where(t => EventCatalog.FindEvent(t) is null).ToList();
        if (unknown.Count > 0)
        {
            errors.Add(new("event_types", $"These are not event types of the catalog: {string.Join(", ", unknown)}."));
        }

        if (errors.Count > 0)
        {
            return CommandResult<CreatedPortalLink>.Invalid(errors);
        }

        var now = time.GetUtcNow();
        var token = "whp_" + SecretGenerator.NewApiKey()[4..];
        var link = new PortalLink
        {
            Id = TimeOrderedId.New(now),
            OrganizationId = organizationId,
            Name = name!,
            TokenHash = ApiKeyHasher.Hash(token),
            Hint = SecretGenerator.Hint(token),
            ReadOnly = input.ReadOnly,
            EventTypes = string.Join(' ', input.EventTypes.Distinct(StringComparer.Ordinal)),
            CreatedBy = createdBy,
            CreatedAt = now,
            ExpiresAt = now + input.Lifetime,
        };
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        db.PortalLinks.Add(link);
        audit.Record(db, organizationId, Audit.AuditAction.PortalLinkCreated, TargetOf(link),
            new { link.ReadOnly, EventTypes = link.EventTypeList, link.ExpiresAt, link.Hint });
        await db.SaveChangesAsync(cancellationToken);
        return CommandResult<CreatedPortalLink>.Ok(new CreatedPortalLink(link, token));
    }

    /// <summary>Revokes a link of the organization; revoking a revoked link changes nothing.</summary>
    public async Task<CommandResult<PortalLink>> RevokeAsync(Guid organizationId, Guid linkId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var link = await db.PortalLinks.SingleOrDefaultAsync(l => l.Id == linkId && l.OrganizationId == organizationId, cancellationToken);
        if (link is null)
        {
            return new(CommandStatus.NotFound, null, [new FieldError("portal_link_id", "No portal link with this id exists in this organization.")]);
        }

        if (link.RevokedAt is null)
        {
            link.RevokedAt = time.GetUtcNow();
            audit.Record(db, organizationId, Audit.AuditAction.PortalLinkRevoked, TargetOf(link), new { link.Hint });
            await db.SaveChangesAsync(cancellationToken);
        }

        return CommandResult<PortalLink>.Ok(link);
    }

    private static Audit.AuditTarget TargetOf(PortalLink link) => Audit.AuditTarget.Of(Audit.AuditTargetType.PortalLink, link.Id, link.Name);

    /// <summary>The link a token opens, with its organization; null when the token is unknown, expired or revoked.</summary>
    public async Task<(PortalLink Link, Organization Organization)?> ResolveAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 200)
        {
            return null;
        }

        var hash = ApiKeyHasher.Hash(token);
        var now = time.GetUtcNow();
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var link = await db.PortalLinks.AsNoTracking().SingleOrDefaultAsync(l => l.TokenHash == hash, cancellationToken);
        if (link is null || link.RevokedAt is not null || link.ExpiresAt <= now)
        {
            return null;
        }

        var organization = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == link.OrganizationId, cancellationToken);
        return (link, organization);
    }
}

/// <summary>What a new portal link allows: read-only or not, the event types it shows (none: all), how long it lasts.</summary>
public sealed record PortalLinkInput(string? Name, bool ReadOnly, IReadOnlyList<string> EventTypes, TimeSpan Lifetime);

/// <summary>A new portal link and, this once, its token.</summary>
public sealed record CreatedPortalLink(PortalLink Link, string Token);
