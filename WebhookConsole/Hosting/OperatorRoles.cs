using System.Security.Claims;

namespace WebhookConsole.Hosting;

/// <summary>
/// The console's roles, stored in ASP.NET Identity's role tables: <c>admin</c> can change webhooks, <c>viewer</c> can
/// only look, both within their organization (and its sub-organizations). <c>platform</c> is above them: it manages
/// the hub's organizations and acts as an admin in every one of them. An operator without a role can only look
/// (docs/security.md).
/// </summary>
public static class OperatorRoles
{
    public const string Admin = "admin";
    public const string Viewer = "viewer";
    public const string Platform = "platform";

    /// <summary>The roles an organization's operator may have.</summary>
    public static readonly IReadOnlyList<string> All = [Admin, Viewer];

    /// <summary>The sentence a viewer sees when a change is refused.</summary>
    public const string ViewerRefused = "Only an admin can change webhooks; a viewer can only look.";

    public static bool CanChange(this ClaimsPrincipal user) => user.IsInRole(Admin) || user.IsInRole(Platform);

    public static bool IsPlatformOperator(this ClaimsPrincipal user) => user.IsInRole(Platform);
}
