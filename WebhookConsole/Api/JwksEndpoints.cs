using WebhookConsole.Api.OpenApi;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Engine.Signing;

namespace WebhookConsole.Api;

/// <summary>
/// <c>GET /organizations/webhooks/verification-jwks</c> (SlashID's API): the organization's public keys, for
/// receivers to verify <c>jwt</c> deliveries. Needs <c>SlashID-OrgID</c> only: the keys are public.
/// </summary>
internal static class JwksEndpoints
{
    public static RouteHandlerBuilder MapJwksEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/organizations/webhooks/verification-jwks", GetAsync).WithTags(ApiTags.SigningKeys).DocumentJwks();

    private static async Task<IResult> GetAsync(HttpContext http, SigningKeyService keys, IDbContextFactory<WebhookDbContext> dbs)
    {
        if (ApiKeyFilter.ReadOrganization(http, out var organizationId) is { } invalid)
        {
            return invalid;
        }

        await using (var db = await dbs.CreateDbContextAsync(http.RequestAborted))
        {
            if (!await db.Organizations.AnyAsync(o => o.Id == organizationId, http.RequestAborted))
            {
                return ApiResults.Error(StatusCodes.Status404NotFound, "No organization with this id exists.");
            }
        }

        // Receivers should cache the key set (the endpoint is rate limited); keys change only on rotation.
        http.Response.Headers.CacheControl = "public, max-age=300";
        return TypedResults.Json(Jwks.From(await keys.GetPublishedAsync(organizationId, http.RequestAborted)));
    }
}
