using Microsoft.EntityFrameworkCore;
using WebhookConsole.Api;
using WebhookConsole.Audit;
using WebhookConsole.Engine.Audit;
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
internal sealed class PlatformAuthFilter(IDbContextFactory<WebhookDbContext> dbs, AuditActors actors) : IEndpointFilter
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

            if (!http.User.IsPlatformOperator())
            {
                return ApiResults.Error(StatusCodes.Status403Forbidden, "Only a platform operator may manage organizations.");
            }

            using (actors.Use(ConsoleActors.Of(http.User, ConsoleActors.AddressOf(http))))
            {
                return await next(context);
            }
        }

        var hash = ApiKeyHasher.Hash(key);
        await using var db = await dbs.CreateDbContextAsync(http.RequestAborted);
        var owner = await db.ApiKeys.Where(k => k.Hash == hash && k.RevokedAt == null).Select(k => new { k.Id, k.Name, k.Role }).SingleOrDefaultAsync(http.RequestAborted);
        if (owner is null)
        {
            return ApiResults.Error(StatusCodes.Status401Unauthorized, $"The {ApiKeyFilter.ApiKeyHeader} header does not hold a valid API key.");
        }

        if (owner.Role != ApiKeyRoles.Platform)
        {
            return ApiResults.Error(StatusCodes.Status403Forbidden, "This API key is an organization's: only a platform API key may manage organizations.");
        }

        using (actors.Use(AuditActor.PlatformApiKey(owner.Id, owner.Name, ConsoleActors.AddressOf(http))))
        {
            return await next(context);
        }
    }
}
