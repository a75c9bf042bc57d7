using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Hosting;

/// <summary>Puts the operator's organization and roles into the sign-in cookie, so pages need no query to find them.</summary>
internal sealed class OperatorClaimsFactory(UserManager<Operator> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<Operator>(users, options)
{
    public const string OrganizationClaim = "org_id";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(Operator user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(OrganizationClaim, user.OrganizationId.ToString()));
        foreach (var role in await UserManager.GetRolesAsync(user))
        {
            identity.AddClaim(new Claim(Options.ClaimsIdentity.RoleClaimType, role));
        }

        return identity;
    }
}

/// <summary>Reads what <see cref="OperatorClaimsFactory"/> wrote.</summary>
public static class OperatorClaims
{
    public static Guid GetOrganizationId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(OperatorClaimsFactory.OrganizationClaim), out var id)
            ? id
            : throw new InvalidOperationException("The signed-in operator has no organization claim.");
}
