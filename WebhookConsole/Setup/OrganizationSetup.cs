using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Audit;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Organizations;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Engine.Security;
using WebhookConsole.Hosting;

namespace WebhookConsole.Setup;

/// <summary>
/// Creates the first organization, its first admin (who is also the hub's platform admin) and an API key: from the
/// Bootstrap settings or the /setup page.
/// </summary>
public sealed class OrganizationSetup(
    WebhookDbContext db,
    UserManager<Operator> users,
    RoleManager<IdentityRole> roles,
    SetupState state,
    AuditLog audit,
    TimeProvider time)
{
    public sealed record Request(string? AdminEmail, string? AdminPassword, Guid? OrganizationId, string? OrganizationHandle, string? ApiKey);

    /// <summary>The outcome: errors (nothing stored), or the API key in clear when one was generated.</summary>
    public sealed record Outcome(IReadOnlyList<FieldError> Errors, string? GeneratedApiKey, Guid OrganizationId = default)
    {
        public bool Succeeded => Errors.Count == 0;
    }

    /// <summary>Creates whatever of the request does not exist yet; running it twice changes nothing.</summary>
    public async Task<Outcome> EnsureAsync(Request request, bool generateApiKey, CancellationToken cancellationToken = default)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return new Outcome(errors, null);
        }

        var now = time.GetUtcNow();
        var handle = OrganizationHandle.Normalize(request.OrganizationHandle);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var organization = await db.Organizations.SingleOrDefaultAsync(
            o => (request.OrganizationId != null && o.Id == request.OrganizationId) || o.Handle == handle, cancellationToken);
        if (organization is null)
        {
            organization = new Organization { Id = request.OrganizationId ?? TimeOrderedId.New(now), Handle = handle, Name = handle, CreatedAt = now };
            db.Organizations.Add(organization);
            audit.Record(db, organization.Id, AuditAction.OrganizationCreated,
                AuditTarget.Of(AuditTargetType.Organization, organization.Id, organization.Handle), new { organization.Handle, Via = "setup" });
            await db.SaveChangesAsync(cancellationToken);
        }

        var adminErrors = await EnsureOperatorInTransactionAsync(request.AdminEmail!, request.AdminPassword!, organization.Id, OperatorRoles.Admin);
        if (adminErrors.Count > 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new Outcome(adminErrors, null);
        }

        await EnsurePlatformAdminAsync(cancellationToken);

        string? generated = null;
        var apiKey = request.ApiKey;
        if (string.IsNullOrEmpty(apiKey) && generateApiKey)
        {
            apiKey = generated = SecretGenerator.NewApiKey();
        }

        if (!string.IsNullOrEmpty(apiKey))
        {
            var hash = ApiKeyHasher.Hash(apiKey);
            if (!await db.ApiKeys.AnyAsync(k => k.Hash == hash, cancellationToken))
            {
                var key = new ApiKey
                {
                    Id = TimeOrderedId.New(now),
                    OrganizationId = organization.Id,
                    Name = generated is null ? "Bootstrap" : "First key",
                    Hash = hash,
                    Hint = SecretGenerator.Hint(apiKey),
                    CreatedAt = now,
                };
                db.ApiKeys.Add(key);
                audit.Record(db, organization.Id, AuditAction.ApiKeyCreated, AuditTarget.Of(AuditTargetType.ApiKey, key.Id, key.Name),
                    new { key.Role, key.Hint, Via = "setup" });
                await db.SaveChangesAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        state.MarkComplete();
        return new Outcome([], generated, organization.Id);
    }

    /// <summary>Creates the operator with <paramref name="role"/> if no operator has this email; gives an existing one the role. Idempotent.</summary>
    public async Task<IReadOnlyList<FieldError>> EnsureOperatorAsync(string email, string password, Guid organizationId, string role, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var errors = await EnsureOperatorInTransactionAsync(email, password, organizationId, role);
        if (errors.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return errors;
    }

    /// <summary>
    /// Operators created before roles existed have none; each gets <c>admin</c>, the rights every operator had then.
    /// Runs at start-up; an operator created since always has a role.
    /// </summary>
    public async Task GrantAdminToOperatorsWithoutRoleAsync(CancellationToken cancellationToken = default)
    {
        await EnsureRolesAsync();
        var roleless = await db.Users.Where(u => !db.UserRoles.Any(r => r.UserId == u.Id)).ToListAsync(cancellationToken);
        foreach (var user in roleless)
        {
            await users.AddToRoleAsync(user, OperatorRoles.Admin);
        }
    }

    /// <summary>Creates the platform API key <paramref name="key"/> (stored hashed) unless it exists. Idempotent.</summary>
    public async Task<IReadOnlyList<FieldError>> EnsurePlatformApiKeyAsync(Guid organizationId, string key, CancellationToken cancellationToken = default)
    {
        if (key.Length < 24)
        {
            return [new("platform_api_key", "The platform API key must be at least 24 characters long.")];
        }

        var hash = ApiKeyHasher.Hash(key);
        if (!await db.ApiKeys.AnyAsync(k => k.Hash == hash, cancellationToken))
        {
            db.ApiKeys.Add(new ApiKey
            {
                Id = TimeOrderedId.New(time.GetUtcNow()),
                OrganizationId = organizationId,
                Name = "Platform API key",
                Hash = hash,
                Hint = SecretGenerator.Hint(key),
                Role = ApiKeyRoles.Platform,
                CreatedAt = time.GetUtcNow(),
            });
            await db.SaveChangesAsync(cancellationToken);
        }

        return [];
    }

    /// <summary>
    /// The hub always has a platform admin: when no operator has the <c>platform</c> role (a new hub, or a database from
    /// before organizations were managed), the first admin (by email) of the oldest organization gets it. Runs at start-up
    /// and after setup; idempotent.
    /// </summary>
    public async Task EnsurePlatformAdminAsync(CancellationToken cancellationToken = default)
    {
        await EnsureRolesAsync();
        if ((await users.GetUsersInRoleAsync(OperatorRoles.Platform)).Count > 0)
        {
            return;
        }

        var admins = await users.GetUsersInRoleAsync(OperatorRoles.Admin);
        var oldest = await db.Organizations.AsNoTracking().Where(o => o.ParentId == null).OrderBy(o => o.CreatedAt).Select(o => (Guid?)o.Id)
            .FirstOrDefaultAsync(cancellationToken);
        var first = admins.Where(a => a.OrganizationId == oldest).OrderBy(a => a.Email, StringComparer.OrdinalIgnoreCase).FirstOrDefault()
            ?? admins.OrderBy(a => a.Email, StringComparer.OrdinalIgnoreCase).FirstOrDefault();
        if (first is not null)
        {
            await users.AddToRoleAsync(first, OperatorRoles.Platform);
        }
    }

    private async Task<List<FieldError>> EnsureOperatorInTransactionAsync(string email, string password, Guid organizationId, string role)
    {
        await EnsureRolesAsync();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new Operator { UserName = email, Email = email, EmailConfirmed = true, OrganizationId = organizationId };
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded)
            {
                return created.Errors.Select(e => new FieldError("password", e.Description)).ToList();
            }

            audit.Record(db, organizationId, AuditAction.OperatorCreated, new AuditTarget(AuditTargetType.Operator, user.Id, email), new { Role = role, Via = "setup" });
            await db.SaveChangesAsync();
        }

        if (!await users.IsInRoleAsync(user, role))
        {
            var added = await users.AddToRoleAsync(user, role);
            if (!added.Succeeded)
            {
                return added.Errors.Select(e => new FieldError("role", e.Description)).ToList();
            }
        }

        return [];
    }

    private async Task EnsureRolesAsync()
    {
        foreach (var role in OperatorRoles.All.Append(OperatorRoles.Platform))
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }

    private static List<FieldError> Validate(Request request)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(request.AdminEmail) || !request.AdminEmail.Contains('@'))
        {
            errors.Add(new("email", "The email must be an email address."));
        }

        if (PasswordRule.Check(request.AdminPassword) is { } passwordError)
        {
            errors.Add(passwordError);
        }

        if (!OrganizationHandle.IsValid(request.OrganizationHandle))
        {
            errors.Add(new("organization_handle", OrganizationHandle.Rule));
        }

        if (request.ApiKey is { Length: > 0 and < 24 })
        {
            errors.Add(new("api_key", "The API key must be at least 24 characters long."));
        }

        return errors;
    }
}
