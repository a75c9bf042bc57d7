using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Engine.Webhooks;

namespace WebhookConsole.Engine.Security;

/// <summary>
/// The organization's REST API keys: list, create (the key is returned once and only its SHA-256 is stored) and
/// revoke (the API refuses a revoked key at once, since every call looks the key up).
/// </summary>
public sealed class ApiKeyService(IDbContextFactory<WebhookDbContext> dbs, Audit.AuditLog audit, TimeProvider time)
{
    public const int MaxNameLength = 200;

    /// <summary>
    /// The organization's keys, newest first, revoked ones included (never the key itself). Platform keys, kept with the
    /// platform admin's organization, are not the organization's own and are not listed.
    /// </summary>
    public async Task<IReadOnlyList<ApiKey>> ListAsync(Guid organizationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.OrganizationId == organizationId && k.Role != ApiKeyRoles.Platform).ToListAsync(cancellationToken);
        return [.. keys.OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id)];
    }

    /// <summary>Creates a key named <paramref name="name"/>; the result carries the key in clear, this once.</summary>
    /// <param name="role"><see cref="ApiKeyRoles.Admin"/> (default) or <see cref="ApiKeyRoles.Viewer"/> (read-only).</param>
    public async Task<CommandResult<CreatedApiKey>> CreateAsync(Guid organizationId, string? name, string role = ApiKeyRoles.Admin, CancellationToken cancellationToken = default)
    {
        if (!ApiKeyRoles.IsKnown(role))
        {
            return CommandResult<CreatedApiKey>.Invalid("role", "The role must be admin or viewer.");
        }

        return await CreateKeyAsync(organizationId, name, role, cancellationToken);
    }

    /// <summary>
    /// Creates a platform API key, kept with the platform admin's organization: it manages organizations through
    /// <c>/platform/organizations</c> and is refused on every organization route.
    /// </summary>
    public Task<CommandResult<CreatedApiKey>> CreatePlatformKeyAsync(Guid organizationId, string? name, CancellationToken cancellationToken = default) =>
        CreateKeyAsync(organizationId, name, ApiKeyRoles.Platform, cancellationToken);

    private async Task<CommandResult<CreatedApiKey>> CreateKeyAsync(Guid organizationId, string? name, string role, CancellationToken cancellationToken)
    {

        name = name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return CommandResult<CreatedApiKey>.Invalid("name", "The name is required.");
        }

        if (name.Length > MaxNameLength)
        {
            return CommandResult<CreatedApiKey>.Invalid("name", $"The name must be at most {MaxNameLength} characters.");
        }

        var now = time.GetUtcNow();
        var secret = SecretGenerator.NewApiKey();
        var key = new ApiKey
        {
            Id = TimeOrderedId.New(now),
            OrganizationId = organizationId,
            Name = name,
            Hash = ApiKeyHasher.Hash(secret),
            Hint = SecretGenerator.Hint(secret),
            Role = role,
            CreatedAt = now,
        };
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        db.ApiKeys.Add(key);
        audit.Record(db, organizationId, Audit.AuditAction.ApiKeyCreated, TargetOf(key), new { key.Role, key.Hint });
        await db.SaveChangesAsync(cancellationToken);
        return CommandResult<CreatedApiKey>.Ok(new CreatedApiKey(key, secret));
    }

    /// <summary>Every platform API key of the hub, newest first, revoked ones included (never the key itself).</summary>
    public async Task<IReadOnlyList<ApiKey>> ListPlatformKeysAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.Role == ApiKeyRoles.Platform).ToListAsync(cancellationToken);
        return [.. keys.OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id)];
    }

    /// <summary>Revokes a platform API key, whichever organization keeps it; an organization's own key is not found here.</summary>
    public async Task<CommandResult<ApiKey>> RevokePlatformKeyAsync(Guid keyId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == keyId && k.Role == ApiKeyRoles.Platform, cancellationToken);
        return await RevokeAsync(db, key, "No platform API key has this id.", cancellationToken);
    }

    /// <summary>Revokes a key; revoking a revoked key changes nothing.</summary>
    public async Task<CommandResult<ApiKey>> RevokeAsync(Guid organizationId, Guid keyId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == keyId && k.OrganizationId == organizationId, cancellationToken);
        return await RevokeAsync(db, key, "No API key with this id exists in this organization.", cancellationToken);
    }

    private async Task<CommandResult<ApiKey>> RevokeAsync(WebhookDbContext db, ApiKey? key, string notFound, CancellationToken cancellationToken)
    {
        if (key is null)
        {
            return new(CommandStatus.NotFound, null, [new FieldError("api_key_id", notFound)]);
        }

        if (key.RevokedAt is null)
        {
            key.RevokedAt = time.GetUtcNow();
            audit.Record(db, key.OrganizationId, Audit.AuditAction.ApiKeyRevoked, TargetOf(key), new { key.Role, key.Hint });
            await db.SaveChangesAsync(cancellationToken);
        }

        return CommandResult<ApiKey>.Ok(key);
    }

    private static Audit.AuditTarget TargetOf(ApiKey key) => Audit.AuditTarget.Of(Audit.AuditTargetType.ApiKey, key.Id, key.Name);
}

/// <summary>A new API key and, this once, the key in clear.</summary>
public sealed record CreatedApiKey(ApiKey Key, string Secret);
