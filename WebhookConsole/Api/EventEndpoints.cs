using System.Text.Json;
using WebhookConsole.Api.OpenApi;
using WebhookConsole.Engine.Delivery;

namespace WebhookConsole.Api;

/// <summary><c>POST /events</c>: the identity system hands over one event; <c>202</c> means it is stored and will be delivered.</summary>
internal static class EventEndpoints
{
    public sealed record AcceptedEvent(Guid Id);

    public static RouteGroupBuilder MapEventEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/events", PublishAsync).WithTags("Events").DocumentPublishEvent();
        return api;
    }

    private static async Task<IResult> PublishAsync(HttpContext http, IEventPublisher publisher)
    {
        var (document, error) = await JsonBody.ReadAsync(http.Request);
        if (error is not null)
        {
            return error;
        }

        using (document)
        {
            var root = document!.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "The request body must be a JSON object with event_name and payload.");
            }

            string? name = null;
            if (root.TryGetProperty("event_name", out var nameElement))
            {
                if (nameElement.ValueKind != JsonValueKind.String)
                {
                    return ApiResults.Error(StatusCodes.Status400BadRequest, "The event_name field must be a string.");
                }

                name = nameElement.GetString();
            }

            var payload = "{}";
            if (root.TryGetProperty("payload", out var payloadElement))
            {
                if (payloadElement.ValueKind != JsonValueKind.Object)
                {
                    return ApiResults.Error(StatusCodes.Status400BadRequest, "The payload field must be a JSON object.");
                }

                payload = payloadElement.GetRawText();
            }

            var result = await publisher.PublishAsync(new EventToPublish(ApiKeyFilter.OrganizationOf(http), name, payload), http.RequestAborted);
            return result.Accepted
                ? ApiResults.Result(new AcceptedEvent(result.EventId), StatusCodes.Status202Accepted)
                : ApiResults.Errors(StatusCodes.Status400BadRequest, result.Errors);
        }
    }
}
