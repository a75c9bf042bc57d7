using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using WebhookConsole.Api.OpenApi;
using WebhookConsole.Audit;
using WebhookConsole.Engine.Audit;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Api;

/// <summary>
/// The organization's audit log: entries newest first (keyset cursor on the chain's sequence), filtered by actor,
/// action, target and time, as JSON or JSON lines; and the verification of its hash chain.
/// </summary>
internal static class AuditLogEndpoints
{
    public const int DefaultLimit = 50;

    public static RouteGroupBuilder MapAuditLogEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/audit-log", ListAsync).WithTags(ApiTags.AuditLog).DocumentListAuditLog();
        api.MapGet("/audit-log/verify", VerifyAsync).WithTags(ApiTags.AuditLog).DocumentVerifyAuditLog();
        return api;
    }

    private static async Task<IResult> ListAsync(
        HttpContext http,
        [FromQuery(Name = "actor")] string? actor,
        [FromQuery(Name = "action")] string? action,
        [FromQuery(Name = "target")] string? target,
        [FromQuery(Name = "from")] string? from,
        [FromQuery(Name = "to")] string? to,
        [FromQuery(Name = "cursor")] string? cursor,
        [FromQuery(Name = "limit")] string? limit,
        [FromQuery(Name = "format")] string? format,
        AuditQuery query,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var errors = new List<FieldError>();
        var filter = ReadFilter(actor, action, target, from, to, errors);
        var take = QueryParameters.Integer(limit, "limit", 1, AuditQuery.MaxLimit, DefaultLimit, errors);
        long? before = null;
        if (cursor is not null)
        {
            if (long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var position) && position > 0)
            {
                before = position;
            }
            else
            {
                errors.Add(new("cursor", "The cursor query parameter must be a meta.next_cursor value returned by this endpoint."));
            }
        }

        if (format is not (null or "json" or "jsonl"))
        {
            errors.Add(new("format", "The format query parameter must be json or jsonl."));
        }

        if (errors.Count > 0)
        {
            return ApiResults.BadRequest(errors);
        }

        var organizationId = ApiKeyFilter.OrganizationOf(http);
        if (format == "jsonl" || http.Request.Headers.Accept.Any(a => a?.Contains(AuditExport.ContentType, StringComparison.OrdinalIgnoreCase) == true))
        {
            return AuditExport.JsonLines(query, organizationId, filter, json);
        }

        var page = await query.ListAsync(organizationId, filter, before, take, http.RequestAborted);
        return ApiResults.Page(page.Items.Select(AuditEntryResource.From).ToList(),
            new ApiResults.CursorMeta(page.NextCursor?.ToString(CultureInfo.InvariantCulture)));
    }

    private static async Task<IResult> VerifyAsync(HttpContext http, AuditVerifier verifier) =>
        ApiResults.Result(AuditVerificationResource.From(await verifier.VerifyAsync(ApiKeyFilter.OrganizationOf(http), http.RequestAborted)));

    /// <summary>The filters of the list, checked: times are RFC 3339 and <c>from</c> comes before <c>to</c>.</summary>
    public static AuditFilter ReadFilter(string? actor, string? action, string? target, string? from, string? to, List<FieldError> errors)
    {
        var since = QueryParameters.Time(from, "from", errors);
        var until = QueryParameters.Time(to, "to", errors);
        if (since >= until)
        {
            errors.Add(new("from", "The from query parameter must be earlier than to."));
        }

        foreach (var (name, value) in new[] { ("actor", actor), ("action", action), ("target", target) })
        {
            if (value is { Length: > 256 })
            {
                errors.Add(new(name, $"The {name} query parameter must be at most 256 characters."));
            }
        }

        return new AuditFilter(actor, action, target, since, until);
    }
}

/// <summary>The answer of <c>GET /audit-log/verify</c>.</summary>
public sealed record AuditVerificationResource(bool Ok, long Checked, long FromSequence, long ToSequence, Guid? BrokenEntryId, long? BrokenSequence, string? Reason)
{
    public static AuditVerificationResource From(AuditVerification v) =>
        new(v.Ok, v.Checked, v.FromSequence, v.ToSequence, v.BrokenEntryId, v.BrokenSequence, v.Reason);
}
