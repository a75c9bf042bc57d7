using Microsoft.EntityFrameworkCore;
using WebhookConsole.Api;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Engine.Security;
using WebhookConsole.Hosting;

namespace WebhookConsole.Tenancy;

/// <summary>
/// Admits a call to <c>/platform/…</c> made with a platform API key (<c>SlashID-API-Key</c>, a key whose role is
/// <c>platform</c>) or from a platform operator's console session. 401 without either, 403 for an organization's key
/// or an operator who is not a platform operator. The session cookie is <c>SameSite=Strict</c>, so another site cannot
/// make a signed-in operator's browser call these routes.
/// </summary>
internal sealed class PlatformAuthFilter(IDbContextFactory<WebhookDbContext> dbs) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[ApiKeyFilter.ApiKeyHeader].ToString();
        if (key.Length == 0)
        {
            if (http.User.Identity?.IsAuthenticated != true)
            {
                return ApiResults.Error(StatusCodes.Status401Unauthorized, $"The {ApiKeyFilter.ApiKeyHeader} header with a platform API key, or a platform operator's console session, is required.");
            }

            return http.User.IsPlatformOperator()
                ? await next(context)
                : ApiResults.Error(StatusCodes.Status403Forbidden, "Only a platform operator may manage organizations.");
        }

        var hash = ApiKeyHasher.Hash(key);
        await using var db = await dbs.CreateDbContextAsync(http.RequestAborted);
        var role = await db.ApiKeys.Where(k => k.Hash == hash && k.RevokedAt == null).Select(k => k.Role).SingleOrDefaultAsync(http.RequestAborted);
        return role switch
        {
            null => ApiResults.Error(StatusCodes.Status401Unauthorized, $"The {ApiKeyFilter.ApiKeyHeader} header does not hold a valid API key."),
            ApiKeyRoles.Platform => await next(context),
            _ => ApiResults.Error(StatusCodes.Status403Forbidden, "This API key is an organization's: only a platform API key may manage organizations."),
        };
    }
}
