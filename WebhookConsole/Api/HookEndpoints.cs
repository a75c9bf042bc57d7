using WebhookConsole.Api.OpenApi;
using WebhookConsole.Engine.Delivery;

namespace WebhookConsole.Api;

/// <summary>
/// <c>POST /hooks/{hook_name}</c>: the identity system runs a synchronous hook and waits. <c>200</c> with the
/// merged answers; <c>502</c> when a webhook failed after its attempts (the caller must fail its flow).
/// </summary>
internal static class HookEndpoints
{
    public static RouteGroupBuilder MapHookEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/hooks/{hook_name}", InvokeAsync).WithTags(ApiTags.SyncHooks).DocumentHook().WithMetadata(new EventIntakeMetadata());
        return api;
    }

    private static async Task<IResult> InvokeAsync(string hook_name, HttpContext http, ISyncHookInvoker hooks)
    {
        var (document, error) = await JsonBody.ReadAsync(http.Request);
        if (error is not null)
        {
            return error;
        }

        using (document)
        {
            var result = await hooks.InvokeAsync(ApiKeyFilter.OrganizationOf(http), hook_name, document!.RootElement.GetRawText(), http.RequestAborted);
            return result.Outcome switch
            {
                SyncHookOutcome.Succeeded => ApiResults.Result(result.Result),
                SyncHookOutcome.Invalid => ApiResults.Errors(StatusCodes.Status400BadRequest, result.Errors),
                _ => ApiResults.Errors(StatusCodes.Status502BadGateway, result.Errors),
            };
        }
    }
}
