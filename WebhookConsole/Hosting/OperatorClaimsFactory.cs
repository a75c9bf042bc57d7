using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Tenancy;

namespace WebhookConsole.Hosting;

/// <summary>
/// Puts the operator's organization (the one chosen in the switcher, if they may still work in it, else their own) and
/// roles into the sign-in cookie, so pages need no query to find them. Identity regenerates these claims when it
/// revalidates the cookie, so a switch to an organization the operator lost access to falls back to their own.
/// </summary>
internal sealed class OperatorClaimsFactory(UserManager<Operator> users, IOptions<IdentityOptions> options, OrganizationAccess access)
    : UserClaimsPrincipalFactory<Operator>(users, options)
{
    public const string OrganizationClaim = "org_id";
    public const string HomeOrganizationClaim = "home_org_id";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(Operator user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        var roles = await UserManager.GetRolesAsync(user);
        var active = user.ActiveOrganizationId is { } chosen
            && await access.MayWorkInAsync(user.OrganizationId, roles.Contains(OperatorRoles.Platform), chosen)
                ? chosen
                : user.OrganizationId;
        identity.AddClaim(new Claim(OrganizationClaim, active.ToString()));
        identity.AddClaim(new Claim(HomeOrganizationClaim, user.OrganizationId.ToString()));
        foreach (var role in roles)
        {
            identity.AddClaim(new Claim(Options.ClaimsIdentity.RoleClaimType, role));
        }

        return identity;
    }
}

/// <summary>Reads what <see cref="OperatorClaimsFactory"/> wrote.</summary>
public static class OperatorClaims
{
    /// <summary>The organization the console shows: every page's queries are scoped to it.</summary>
    public static Guid GetOrganizationId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(OperatorClaimsFactory.OrganizationClaim), out var id)
            ? id
            : throw new InvalidOperationException("The signed-in operator has no organization claim.");

    /// <summary>The organization the operator belongs to.</summary>
    public static Guid GetHomeOrganizationId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(OperatorClaimsFactory.HomeOrganizationClaim), out var id) ? id : user.GetOrganizationId();
}
