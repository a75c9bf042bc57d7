using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using WebhookConsole.Api;
using WebhookConsole.Engine.Audit;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Hosting;

namespace WebhookConsole.Audit;

/// <summary>
/// The Audit log page's download: the signed-in operator's organization's entries (the page's filters) as JSON lines.
/// Operators of every role may read the log; the session cookie is <c>SameSite=Strict</c>.
/// </summary>
internal static class AuditConsoleEndpoints
{
    public const string ExportPath = "/audit/export";

    public static void MapAuditConsoleEndpoints(this WebApplication app) =>
        app.MapGet(ExportPath, (HttpContext http,
            [FromQuery(Name = "actor")] string? actor,
            [FromQuery(Name = "action")] string? action,
            [FromQuery(Name = "target")] string? target,
            [FromQuery(Name = "from")] string? from,
            [FromQuery(Name = "to")] string? to,
            AuditQuery query,
            IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) =>
        {
            var errors = new List<FieldError>();
            var filter = AuditLogEndpoints.ReadFilter(actor, action, target, from, to, errors);
            return errors.Count > 0
                ? Results.Text(string.Join(" ", errors.Select(e => e.Message)), statusCode: StatusCodes.Status400BadRequest)
                : AuditExport.JsonLines(query, http.User.GetOrganizationId(), filter, json);
        }).RequireAuthorization().ExcludeFromDescription();
}
