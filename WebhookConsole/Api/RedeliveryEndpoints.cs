using WebhookConsole.Api.OpenApi;
using System.Text.Json;
using WebhookConsole.Engine.Delivery;

namespace WebhookConsole.Api;

/// <summary>Manual control: redeliver one delivery, recover a webhook's failed deliveries since a time.</summary>
internal static class RedeliveryEndpoints
{
    public sealed record Recovered(int Requeued);

    public static RouteGroupBuilder MapRedeliveryEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/deliveries/{delivery_id:guid}/redeliver", RedeliverAsync).WithTags(ApiTags.Deliveries).DocumentRedeliver();
        api.MapPost("/organizations/webhooks/{webhook_id:guid}/recover", RecoverAsync).WithTags(ApiTags.Deliveries).DocumentRecover();
        return api;
    }

    private static async Task<IResult> RedeliverAsync(Guid delivery_id, HttpContext http, DeliveryControl control)
    {
        var result = await control.RedeliverAsync(ApiKeyFilter.OrganizationOf(http), delivery_id, http.RequestAborted);
        return result.Succeeded
            ? ApiResults.Result(DeliveryResource.Of(result.Value!, attempts: false), StatusCodes.Status202Accepted)
            : ApiResults.From(result);
    }

    private static async Task<IResult> RecoverAsync(Guid webhook_id, HttpContext http, DeliveryControl control)
    {
        var (document, error) = await JsonBody.ReadAsync(http.Request);
        if (error is not null)
        {
            return error;
        }

        using (document)
        {
            if (document!.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("since", out var sinceElement)
                || sinceElement.ValueKind != JsonValueKind.String
                || !DateTimeOffset.TryParse(sinceElement.GetString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var since))
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "The since field is required and must be an RFC 3339 time, for example 2026-11-21T12:00:00Z.");
            }

            var result = await control.RecoverAsync(ApiKeyFilter.OrganizationOf(http), webhook_id, since, http.RequestAborted);
            return result.Succeeded ? ApiResults.Result(new Recovered(result.Value), StatusCodes.Status202Accepted) : ApiResults.From(result);
        }
    }
}
