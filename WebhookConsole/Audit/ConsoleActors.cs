using System.Security.Claims;
using WebhookConsole.Engine.Audit;

namespace WebhookConsole.Audit;

/// <summary>The audit actor of a request or circuit: a signed-in operator (by id and email), with the client's address.</summary>
internal static class ConsoleActors
{
    public static string? AddressOf(HttpContext? http) => http?.Connection.RemoteIpAddress?.ToString();

    /// <summary>The operator the principal signed in as, or an anonymous actor when nobody is signed in.</summary>
    public static AuditActor Of(ClaimsPrincipal user, string? address) =>
        user.Identity?.IsAuthenticated == true && user.FindFirstValue(ClaimTypes.NameIdentifier) is { } id
            ? AuditActor.Operator(id, user.Identity.Name ?? id, address)
            : AuditActor.Anonymous("anonymous", address);
}
