using WebhookConsole.Api.OpenApi;
using System.Text.Json;
using WebhookConsole.Api.RateLimiting;
using WebhookConsole.Engine.Webhooks;

namespace WebhookConsole.Api;

/// <summary><c>POST /test-events</c> (SlashID's API): random events of the named types, delivered like real ones.</summary>
internal static class TestEventEndpoints
{
    public static RouteGroupBuilder MapTestEventEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/test-events", CreateAsync).WithTags(ApiTags.TestEvents).DocumentTestEvents().WithMetadata(new EventIntakeMetadata());
        return api;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, TestEventService testEvents, OrganizationRateLimits limits)
    {
        var (document, error) = await JsonBody.ReadAsync(http.Request);
        if (error is not null)
        {
            return error;
        }

        using (document)
        {
            if (Parse(document!.RootElement, out var requests) is { } invalid)
            {
                return invalid;
            }

            var organizationId = ApiKeyFilter.OrganizationOf(http);
            if (TestEventService.Validate(requests) is { } invalidRequest)
            {
                return ApiResults.Errors(StatusCodes.Status400BadRequest, [invalidRequest]);
            }

            // SlashID's rule: the limit counts test events, not requests.
            var decision = limits.For(TokenBucketPolicy.TestEvents).TryAcquire(organizationId, TestEventService.CountEvents(requests));
            if (!decision.Allowed)
            {
                return RateLimitEndpointExtensions.TooManyRequests(http, TokenBucketPolicy.TestEvents, decision);
            }

            var result = await testEvents.CreateAsync(organizationId, requests, http.RequestAborted);
            return result.Succeeded ? ApiResults.Result(result.Value, StatusCodes.Status201Created) : ApiResults.From(result);
        }
    }

    private static IResult? Parse(JsonElement root, out List<TestEventRequest> requests)
    {
        requests = [];
        if (root.ValueKind != JsonValueKind.Array)
        {
            return Bad("The request body must be a JSON array of {event_name, count, duplicates}.");
        }

        foreach (var item in root.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                return Bad("Each test event must be a JSON object with event_name, count and duplicates.");
            }

            string? name = null;
            if (item.TryGetProperty("event_name", out var nameElement))
            {
                if (nameElement.ValueKind != JsonValueKind.String)
                {
                    return Bad("The event_name field must be a string.");
                }

                name = nameElement.GetString();
            }

            var count = 1;
            if (item.TryGetProperty("count", out var countElement)
                && (countElement.ValueKind != JsonValueKind.Number || !countElement.TryGetInt32(out count)))
            {
                return Bad("The count field must be a whole number.");
            }

            var duplicates = false;
            if (item.TryGetProperty("duplicates", out var duplicatesElement))
            {
                if (duplicatesElement.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    return Bad("The duplicates field must be true or false.");
                }

                duplicates = duplicatesElement.GetBoolean();
            }

            requests.Add(new TestEventRequest(name, count, duplicates));
        }

        return null;
    }

    private static IResult Bad(string message) => ApiResults.Error(StatusCodes.Status400BadRequest, message);
}
