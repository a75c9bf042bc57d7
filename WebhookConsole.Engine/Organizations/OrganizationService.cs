using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Engine.Webhooks;

namespace WebhookConsole.Engine.Organizations;

/// <summary>
/// The hub's organizations: list with counts, create (root or sub-organization), rename, disable and enable. What
/// platform operators do on the Organizations page and through <c>/platform/organizations</c>. Nothing here deletes.
/// </summary>
public sealed class OrganizationService(IDbContextFactory<WebhookDbContext> dbs, EngineNotifier notifier, Audit.AuditLog audit, TimeProvider time)
{
    public const int MaxNameLength = 200;

    /// <summary>How deep sub-organizations may nest (a root is depth 0).</summary>
    public const int MaxDepth = 4;

    public async Task<IReadOnlyList<OrganizationSummary>> ListAsync(IReadOnlySet<Guid>? only = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var organizations = await db.Organizations.AsNoTracking().ToListAsync(cancellationToken);
        var webhooks = await db.Webhooks.GroupBy(w => w.OrganizationId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var events = await db.Events.GroupBy(e => e.OrganizationId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var failures = await db.Deliveries.Where(d => d.Status == DeliveryStatus.Failed).GroupBy(d => d.OrganizationId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return [.. organizations
            .Where(o => only is null || only.Contains(o.Id))
            .OrderBy(o => o.Depth).ThenBy(o => o.Handle, StringComparer.Ordinal)
            .Select(o => new OrganizationSummary(o.Id, o.Handle, o.Name, o.ParentId, o.Depth, o.CreatedAt, o.DisabledAt,
                webhooks.GetValueOrDefault(o.Id), events.GetValueOrDefault(o.Id), failures.GetValueOrDefault(o.Id)))];
    }

    /// <summary>The organizations in <paramref name="only"/>, without counts (cheap enough for every page's header), roots first.</summary>
    public async Task<IReadOnlyList<Organization>> NamesAsync(IReadOnlySet<Guid> only, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var ids = only.ToList();
        var organizations = await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToListAsync(cancellationToken);
        return [.. organizations.OrderBy(o => o.Depth).ThenBy(o => o.Handle, StringComparer.Ordinal)];
    }

    public async Task<Organization?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        return await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, cancellationToken);
    }

    public async Task<OrganizationTree> TreeAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var parents = await db.Organizations.AsNoTracking().Select(o => new { o.Id, o.ParentId }).ToListAsync(cancellationToken);
        return new OrganizationTree(parents.ToDictionary(p => p.Id, p => p.ParentId));
    }

    /// <summary>Creates an organization; with <paramref name="parentId"/>, a sub-organization one level below that parent.</summary>
    public async Task<CommandResult<Organization>> CreateAsync(string? name, string? handle, Guid? parentId, CancellationToken cancellationToken = default)
    {
        var errors = new List<FieldError>();
        var normalized = OrganizationHandle.Normalize(handle);
        if (!OrganizationHandle.IsValid(normalized))
        {
            errors.Add(new("handle", OrganizationHandle.Rule));
        }

        name = string.IsNullOrWhiteSpace(name) ? normalized : name.Trim();
        if (name.Length > MaxNameLength)
        {
            errors.Add(new("name", $"The name must be at most {MaxNameLength} characters."));
        }

        if (errors.Count > 0)
        {
            return CommandResult<Organization>.Invalid(errors);
        }

        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var depth = 0;
        if (parentId is { } parentKey)
        {
            var parent = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == parentKey, cancellationToken);
            if (parent is null)
            {
                return CommandResult<Organization>.Invalid("parent_id", "The parent_id must be the id of an existing organization.");
            }

            if (parent.Depth >= MaxDepth)
            {
                return CommandResult<Organization>.Invalid("parent_id", $"Sub-organizations nest at most {MaxDepth} levels below a root organization.");
            }

            depth = parent.Depth + 1;
        }

        if (await db.Organizations.AnyAsync(o => o.Handle == normalized, cancellationToken))
        {
            return CommandResult<Organization>.Conflict("handle", $"The handle {normalized} is already another organization's; a handle is unique in the hub.");
        }

        var now = time.GetUtcNow();
        var organization = new Organization { Id = TimeOrderedId.New(now), Handle = normalized, Name = name, ParentId = parentId, Depth = depth, CreatedAt = now };
        db.Organizations.Add(organization);
        // Recorded in the new organization's own chain, so its operators see who made it (docs/security.md).
        audit.Record(db, organization.Id, Audit.AuditAction.OrganizationCreated, TargetOf(organization),
            new { organization.Handle, organization.ParentId, organization.Depth });
        await db.SaveChangesAsync(cancellationToken);
        notifier.Publish(new EngineChange(EngineChangeKind.OrganizationChanged, Guid.Empty, Guid.Empty));
        return CommandResult<Organization>.Ok(organization);
    }

    public async Task<CommandResult<Organization>> RenameAsync(Guid id, string? name, CancellationToken cancellationToken = default)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return CommandResult<Organization>.Invalid("name", "The name is required.");
        }

        if (name.Length > MaxNameLength)
        {
            return CommandResult<Organization>.Invalid("name", $"The name must be at most {MaxNameLength} characters.");
        }

        return await ChangeAsync(id, o =>
        {
            var before = o.Name;
            o.Name = name;
            return (Audit.AuditAction.OrganizationRenamed, new Audit.AuditChanges().Field("name", before, name).ToDetails());
        }, cancellationToken);
    }

    /// <summary>
    /// Disables (its events are refused, its deliveries wait) or enables again (they resume where they were). Nothing is
    /// deleted either way.
    /// </summary>
    public Task<CommandResult<Organization>> SetDisabledAsync(Guid id, bool disabled, CancellationToken cancellationToken = default) =>
        ChangeAsync(id, o =>
        {
            var changed = disabled != o.DisabledAt.HasValue;
            o.DisabledAt = disabled ? o.DisabledAt ?? time.GetUtcNow() : null;
            return changed ? (disabled ? Audit.AuditAction.OrganizationDisabled : Audit.AuditAction.OrganizationEnabled, null) : (null, null);
        }, cancellationToken);

    /// <param name="change">Changes the organization and names the audit action (null when nothing changed) and its details.</param>
    private async Task<CommandResult<Organization>> ChangeAsync(Guid id, Func<Organization, (string? Action, object? Details)> change, CancellationToken cancellationToken)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var organization = await db.Organizations.SingleOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (organization is null)
        {
            return NotFound();
        }

        var (action, details) = change(organization);
        if (action is not null)
        {
            audit.Record(db, id, action, TargetOf(organization), details);
        }

        await db.SaveChangesAsync(cancellationToken);
        notifier.Publish(new EngineChange(EngineChangeKind.OrganizationChanged, id, Guid.Empty));
        return CommandResult<Organization>.Ok(organization);
    }

    private static Audit.AuditTarget TargetOf(Organization organization) =>
        Audit.AuditTarget.Of(Audit.AuditTargetType.Organization, organization.Id, organization.Handle);

    private static CommandResult<Organization> NotFound() =>
        new(CommandStatus.NotFound, null, [new FieldError("organization_id", "No organization has this id.")]);
}
