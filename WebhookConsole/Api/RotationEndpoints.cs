using System.Text.Json;
using Microsoft.Extensions.Options;
using WebhookConsole.Api.OpenApi;
using WebhookConsole.Engine.Configuration;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Signing;
using WebhookConsole.Engine.Webhooks;

namespace WebhookConsole.Api;

/// <summary>
/// Rotation: a webhook's HMAC secret (the old one keeps signing beside the new one for a grace period where the
/// format carries two signatures), and the organization's ES256 signing key (the next key, already published,
/// starts signing; the old one stays published for an overlap).
/// </summary>
internal static class RotationEndpoints
{
    public static readonly TimeSpan MaxGrace = TimeSpan.FromDays(7);

    public sealed record RotatedSecret(string Secret, DateTimeOffset? PreviousSecretExpiresAt);

    public static RouteGroupBuilder MapRotationEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/organizations/webhooks/{webhook_id:guid}/secret/rotate", RotateSecretAsync).WithTags(ApiTags.Webhooks).DocumentRotateSecret();
        api.MapPost("/organizations/webhooks/verification-jwks/rotate", RotateKeyAsync).WithTags(ApiTags.SigningKeys).DocumentRotateKey();
        return api;
    }

    private static async Task<IResult> RotateSecretAsync(Guid webhook_id, HttpContext http, WebhookService webhooks, IOptionsMonitor<SigningOptions> signing)
    {
        string? secret = null;
        var grace = signing.CurrentValue.SecretRotationGrace;
        if (http.Request.ContentLength is > 0 || http.Request.ContentType is not null)
        {
            var (document, error) = await JsonBody.ReadAsync(http.Request);
            if (error is not null)
            {
                return error;
            }

            using (document)
            {
                if (Parse(document!.RootElement, ref secret, ref grace) is { } invalid)
                {
                    return invalid;
                }
            }
        }

        var result = await webhooks.RotateSecretAsync(ApiKeyFilter.OrganizationOf(http), webhook_id, secret, grace, http.RequestAborted);
        if (!result.Succeeded)
        {
            return ApiResults.From(result);
        }

        var webhook = await webhooks.GetAsync(ApiKeyFilter.OrganizationOf(http), webhook_id, http.RequestAborted);
        return ApiResults.Result(new RotatedSecret(result.Value!, webhook?.PreviousSecretExpiresAt));
    }

    private static async Task<IResult> RotateKeyAsync(HttpContext http, SigningKeyService keys)
    {
        var organizationId = ApiKeyFilter.OrganizationOf(http);
        await keys.RotateAsync(organizationId, http.RequestAborted);
        return ApiResults.Result(Jwks.From(await keys.GetPublishedAsync(organizationId, http.RequestAborted)));
    }

    private static IResult? Parse(JsonElement root, ref string? secret, ref TimeSpan grace)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Bad("The request body must be a JSON object with the optional fields secret and grace.");
        }

        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "secret" when property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Null:
                    secret = property.Value.GetString();
                    break;
                case "secret":
                    return Bad("The secret field must be a string.");
                case "grace" when property.Value.ValueKind == JsonValueKind.String
                    && GoDuration.TryParse(property.Value.GetString(), out var parsed) && parsed >= TimeSpan.Zero && parsed <= MaxGrace:
                    grace = parsed;
                    break;
                case "grace":
                    return Bad("The grace field must be a duration between 0s and 168h, for example 24h.");
                default:
                    return Bad($"The field '{property.Name}' is not known; this request takes secret and grace.");
            }
        }

        return null;
    }

    private static IResult Bad(string message) => ApiResults.Error(StatusCodes.Status400BadRequest, message);
}
