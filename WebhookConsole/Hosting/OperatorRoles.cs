using System.Security.Claims;

namespace WebhookConsole.Hosting;

/// <summary>
/// The console's two roles, stored in ASP.NET Identity's role tables: <c>admin</c> can change webhooks, <c>viewer</c> can
/// only look. An operator without a role can do nothing but look either (docs/security.md).
/// </summary>
public static class OperatorRoles
{
    public const string Admin = "admin";
    public const string Viewer = "viewer";

    public static readonly IReadOnlyList<string> All = [Admin, Viewer];

    /// <summary>The sentence a viewer sees when a change is refused.</summary>
    public const string ViewerRefused = "Only an admin can change webhooks; a viewer can only look.";

    public static bool CanChange(this ClaimsPrincipal user) => user.IsInRole(Admin);
}
