using Microsoft.EntityFrameworkCore;
using WebhookConsole.Audit;
using WebhookConsole.Engine.Audit;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Engine.Security;

namespace WebhookConsole.Api;

/// <summary>
/// Authenticates a REST call by its <c>SlashID-OrgID</c> and <c>SlashID-API-Key</c> headers (SlashID's API) and
/// makes the organization available to the endpoint. 400 for a missing or malformed organization id, 401
/// for a missing or unknown key, 403 for a key of another organization.
/// </summary>
internal sealed class ApiKeyFilter(IDbContextFactory<WebhookDbContext> dbs, AuditActors actors) : IEndpointFilter
{
    public const string OrganizationHeader = "SlashID-OrgID";
    public const string ApiKeyHeader = "SlashID-API-Key";
    private const string ItemKey = "WebhookConsole.OrganizationId";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (ReadOrganization(http, out var organizationId) is { } invalid)
        {
            return invalid;
        }

        var key = http.Request.Headers[ApiKeyHeader].ToString();
        if (key.Length == 0)
        {
            return ApiResults.Error(StatusCodes.Status401Unauthorized, $"The {ApiKeyHeader} header is required.");
        }

        var hash = ApiKeyHasher.Hash(key);
        await using var db = await dbs.CreateDbContextAsync(http.RequestAborted);
        var owner = await db.ApiKeys.Where(k => k.Hash == hash && k.RevokedAt == null)
            .Select(k => new { k.Id, k.Name, k.OrganizationId, k.Role, Disabled = db.Organizations.Any(o => o.Id == k.OrganizationId && o.DisabledAt != null) })
            .SingleOrDefaultAsync(http.RequestAborted);
        if (owner is null)
        {
            return ApiResults.Error(StatusCodes.Status401Unauthorized, $"The {ApiKeyHeader} header does not hold a valid API key.");
        }

        if (owner.Role == ApiKeyRoles.Platform)
        {
            return ApiResults.Error(StatusCodes.Status403Forbidden, "This is a platform API key: it manages organizations under /platform; an organization's own key calls this route.");
        }

        if (owner.OrganizationId != organizationId)
        {
            return ApiResults.Error(StatusCodes.Status403Forbidden, $"The API key does not belong to the organization named in {OrganizationHeader}.");
        }

        // The console's roles, on the API: a viewer key reads, only an admin key changes anything.
        if (owner.Role != ApiKeyRoles.Admin && !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
        {
            return ApiResults.Error(StatusCodes.Status403Forbidden, "This API key is a viewer's: it can read, but only an admin key can change anything.");
        }

        // A disabled organization keeps its data and may read it; only new events (and sync hooks) are refused.
        if (owner.Disabled && http.GetEndpoint()?.Metadata.GetMetadata<EventIntakeMetadata>() is not null)
        {
            return ApiResults.Error(StatusCodes.Status403Forbidden,
                $"The organization {organizationId} is disabled: its events are refused and its deliveries wait until a platform operator enables it again.");
        }

        http.Items[ItemKey] = organizationId;
        // The key is the actor of whatever the route changes (the audit log names it by name and id, never the key).
        using (actors.Use(AuditActor.ApiKey(owner.Id, owner.Name, ConsoleActors.AddressOf(http))))
        {
            return await next(context);
        }
    }

    /// <summary>Parses <c>SlashID-OrgID</c>; returns the error result when it is missing or not a UUID.</summary>
    public static IResult? ReadOrganization(HttpContext http, out Guid organizationId)
    {
        var value = http.Request.Headers[OrganizationHeader].ToString();
        if (value.Length == 0)
        {
            organizationId = Guid.Empty;
            return ApiResults.Error(StatusCodes.Status400BadRequest, $"The {OrganizationHeader} header is required.");
        }

        return Guid.TryParse(value, out organizationId)
            ? null
            : ApiResults.Error(StatusCodes.Status400BadRequest, $"The {OrganizationHeader} header must be an organization id (a UUID).");
    }

    public static Guid OrganizationOf(HttpContext http) => (Guid)http.Items[ItemKey]!;
}

/// <summary>Marks the routes that take events in (publish, batch, test events, sync hooks): a disabled organization's calls to them are refused.</summary>
internal sealed class EventIntakeMetadata;
