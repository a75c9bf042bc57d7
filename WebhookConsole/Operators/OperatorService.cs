using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Audit;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Hosting;

namespace WebhookConsole.Operators;

/// <summary>
/// Settings → Operators: list, add, remove, reset a password and change a role within one organization, through
/// Identity's UserManager (so its password rules and messages apply). Each call uses its own scope: a Blazor circuit
/// lives for hours, and a UserManager kept that long would answer from a stale change tracker. Each change runs in one
/// transaction on the scope's context (the one Identity's stores use) together with its audit entry.
/// </summary>
public sealed class OperatorService(IServiceScopeFactory scopes, AuditLog audit, TimeProvider time)
{
    public const string LastAdminRefused = "The organization must keep at least one admin.";

    public const string LastPlatformOperatorRefused = "The hub must keep at least one platform operator.";

    /// <summary>Every platform operator of the hub, whichever organization they belong to, by email.</summary>
    public async Task<IReadOnlyList<PlatformOperatorSummary>> ListPlatformAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        await EnsureRolesAsync(scope);
        var operators = await Users(scope).GetUsersInRoleAsync(OperatorRoles.Platform);
        return [.. operators.Select(u => new PlatformOperatorSummary(u.Id, u.Email ?? u.UserName ?? "", u.OrganizationId)).OrderBy(o => o.Email, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Makes the operator with <paramref name="email"/> (of any organization) a platform operator, or takes the role away;
    /// the last platform operator keeps it. Audited in the operator's own organization.
    /// </summary>
    public async Task<IReadOnlyList<FieldError>> SetPlatformAsync(string? email, bool platform)
    {
        email = email?.Trim();
        if (string.IsNullOrEmpty(email))
        {
            return [new("email", "The email of an existing operator is required.")];
        }

        await using var scope = scopes.CreateAsyncScope();
        await EnsureRolesAsync(scope);
        return await ChangeAsync(scope, async (users, db) =>
        {
            if (await users.FindByEmailAsync(email) is not { } user)
            {
                return [new("email", $"No operator has the email {email}; add them to their organization in its Settings first.")];
            }

            if (await users.IsInRoleAsync(user, OperatorRoles.Platform) == platform)
            {
                return [];
            }

            if (!platform && (await users.GetUsersInRoleAsync(OperatorRoles.Platform)).Count == 1)
            {
                return [new("email", LastPlatformOperatorRefused)];
            }

            var changed = platform ? await users.AddToRoleAsync(user, OperatorRoles.Platform) : await users.RemoveFromRoleAsync(user, OperatorRoles.Platform);
            if (!changed.Succeeded)
            {
                return changed.Errors.Select(e => new FieldError("email", e.Description)).ToList();
            }

            // The role is a claim in the sign-in cookie: a new stamp makes Identity's cookie revalidation drop the old one.
            await users.UpdateSecurityStampAsync(user);
            audit.Record(db, user.OrganizationId, platform ? AuditAction.OperatorPlatformGranted : AuditAction.OperatorPlatformRevoked, TargetOf(user), null);
            return [];
        });
    }

    public async Task<IReadOnlyList<OperatorSummary>> ListAsync(Guid organizationId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = Users(scope);
        var operators = await users.Users.Where(u => u.OrganizationId == organizationId).OrderBy(u => u.Email).ToListAsync();
        var now = time.GetUtcNow();
        var list = new List<OperatorSummary>();
        foreach (var user in operators)
        {
            list.Add(new OperatorSummary(user.Id, user.Email ?? user.UserName ?? "", await RoleOfAsync(users, user), user.LockoutEnd > now));
        }

        return list;
    }

    public async Task<IReadOnlyList<FieldError>> AddAsync(Guid organizationId, string? email, string? password, string? role)
    {
        var errors = new List<FieldError>();
        email = email?.Trim();
        if (string.IsNullOrEmpty(email) || !email.Contains('@'))
        {
            errors.Add(new("email", "The email must be an email address."));
        }

        if (string.IsNullOrEmpty(password))
        {
            errors.Add(new("password", "The password is required."));
        }

        if (!OperatorRoles.All.Contains(role))
        {
            errors.Add(new("role", "The role must be admin or viewer."));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        await using var scope = scopes.CreateAsyncScope();
        await EnsureRolesAsync(scope);
        return await ChangeAsync(scope, async (users, db) =>
        {
            var user = new Operator { UserName = email, Email = email, EmailConfirmed = true, OrganizationId = organizationId };
            var created = await users.CreateAsync(user, password!);
            if (!created.Succeeded)
            {
                return created.Errors.GroupBy(e => e.Code.Contains("Password", StringComparison.Ordinal) ? "password" : "email")
                    .Select(g => Combined(g.Key, g.Select(e => e.Description))).ToList();
            }

            var added = await users.AddToRoleAsync(user, role!);
            if (!added.Succeeded)
            {
                return added.Errors.Select(e => new FieldError("role", e.Description)).ToList();
            }

            audit.Record(db, organizationId, AuditAction.OperatorCreated, TargetOf(user), new { Role = role });
            return [];
        });
    }

    /// <param name="actingEmail">The signed-in operator, who may not remove themselves.</param>
    public async Task<IReadOnlyList<FieldError>> RemoveAsync(Guid organizationId, string actingEmail, string operatorId)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await ChangeAsync(scope, async (users, db) =>
        {
            if (await FindAsync(users, organizationId, operatorId) is not { } user)
            {
                return [new("operator", "No such operator.")];
            }

            if (string.Equals(user.Email, actingEmail, StringComparison.OrdinalIgnoreCase))
            {
                return [new("operator", "You cannot remove yourself; another admin can.")];
            }

            if (await IsLastAdminAsync(users, organizationId, user))
            {
                return [new("operator", LastAdminRefused)];
            }

            var role = await RoleOfAsync(users, user);
            var deleted = await users.DeleteAsync(user);
            if (!deleted.Succeeded)
            {
                return deleted.Errors.Select(e => new FieldError("operator", e.Description)).ToList();
            }

            audit.Record(db, organizationId, AuditAction.OperatorRemoved, TargetOf(user), new { Role = role });
            return [];
        });
    }

    /// <summary>Sets the password an admin typed (checked by Identity's rules first) and lifts a lockout.</summary>
    public async Task<IReadOnlyList<FieldError>> ResetPasswordAsync(Guid organizationId, string operatorId, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return [new("password", "The password is required.")];
        }

        await using var scope = scopes.CreateAsyncScope();
        return await ChangeAsync(scope, async (users, db) =>
        {
            if (await FindAsync(users, organizationId, operatorId) is not { } user)
            {
                return [new("operator", "No such operator.")];
            }

            // Validate before removing the old password: a refused new one must leave the old one working.
            var messages = new List<string>();
            foreach (var validator in users.PasswordValidators)
            {
                messages.AddRange((await validator.ValidateAsync(users, user, password)).Errors.Select(e => e.Description));
            }

            if (messages.Count > 0)
            {
                return [Combined("password", messages)];
            }

            var removed = await users.RemovePasswordAsync(user);
            var added = removed.Succeeded ? await users.AddPasswordAsync(user, password) : removed;
            if (!added.Succeeded)
            {
                return added.Errors.Select(e => new FieldError("password", e.Description)).ToList();
            }

            var wasLockedOut = user.LockoutEnd > time.GetUtcNow();
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
            audit.Record(db, organizationId, AuditAction.OperatorPasswordReset, TargetOf(user), new { LockoutLifted = wasLockedOut });
            return [];
        });
    }

    public async Task<IReadOnlyList<FieldError>> ChangeRoleAsync(Guid organizationId, string operatorId, string? role)
    {
        if (!OperatorRoles.All.Contains(role))
        {
            return [new("role", "The role must be admin or viewer.")];
        }

        await using var scope = scopes.CreateAsyncScope();
        await EnsureRolesAsync(scope);
        return await ChangeAsync(scope, async (users, db) =>
        {
            if (await FindAsync(users, organizationId, operatorId) is not { } user)
            {
                return [new("operator", "No such operator.")];
            }

            if (role != OperatorRoles.Admin && await IsLastAdminAsync(users, organizationId, user))
            {
                return [new("role", LastAdminRefused)];
            }

            // Only the organization role changes; a platform operator stays one.
            var before = await RoleOfAsync(users, user);
            var current = (await users.GetRolesAsync(user)).Where(r => OperatorRoles.All.Contains(r)).ToList();
            var removed = await users.RemoveFromRolesAsync(user, current);
            var added = removed.Succeeded ? await users.AddToRoleAsync(user, role!) : removed;
            if (!added.Succeeded)
            {
                return added.Errors.Select(e => new FieldError("role", e.Description)).ToList();
            }

            // The role is a claim in the sign-in cookie: a new stamp makes Identity's cookie revalidation drop the old one.
            await users.UpdateSecurityStampAsync(user);
            if (before != role)
            {
                audit.Record(db, organizationId, AuditAction.OperatorRoleChanged, TargetOf(user), new AuditChanges().Field("role", before, role).ToDetails());
            }

            return [];
        });
    }

    // One transaction for Identity's saves and the audit entry: refused (errors) rolls everything back.
    private static async Task<IReadOnlyList<FieldError>> ChangeAsync(AsyncServiceScope scope, Func<UserManager<Operator>, WebhookDbContext, Task<IReadOnlyList<FieldError>>> change)
    {
        var db = scope.ServiceProvider.GetRequiredService<WebhookDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var errors = await change(Users(scope), db);
        if (errors.Count > 0)
        {
            await transaction.RollbackAsync();
            return errors;
        }

        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return errors;
    }

    private static AuditTarget TargetOf(Operator user) => new(AuditTargetType.Operator, user.Id, user.Email ?? user.UserName);

    // The form shows one message per field: every rule a password breaks is named at once.
    private static FieldError Combined(string field, IEnumerable<string> messages) => new(field, string.Join(" ", messages));

    private static UserManager<Operator> Users(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<UserManager<Operator>>();

    private static async Task<Operator?> FindAsync(UserManager<Operator> users, Guid organizationId, string operatorId) =>
        await users.FindByIdAsync(operatorId) is { } user && user.OrganizationId == organizationId ? user : null;

    // An operator without a role counts as a viewer (docs/security.md).
    private static async Task<string> RoleOfAsync(UserManager<Operator> users, Operator user) =>
        (await users.GetRolesAsync(user)).Contains(OperatorRoles.Admin) ? OperatorRoles.Admin : OperatorRoles.Viewer;

    private static async Task<bool> IsLastAdminAsync(UserManager<Operator> users, Guid organizationId, Operator user)
    {
        var admins = (await users.GetUsersInRoleAsync(OperatorRoles.Admin)).Where(a => a.OrganizationId == organizationId).ToList();
        return admins.Count == 1 && admins[0].Id == user.Id;
    }

    private static async Task EnsureRolesAsync(AsyncServiceScope scope)
    {
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in OperatorRoles.All.Append(OperatorRoles.Platform))
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }
}
