using Microsoft.AspNetCore.Mvc;
using WebhookConsole.Api.OpenApi;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Webhooks;

namespace WebhookConsole.Api;

/// <summary><c>/organizations/webhooks</c> (SlashID's API): create, list, read, change, delete, switch on and off, resend verification.</summary>
internal static class WebhookEndpoints
{
    public const string Path = "/organizations/webhooks";
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static RouteGroupBuilder MapWebhookEndpoints(this RouteGroupBuilder api)
    {
        var webhooks = api.MapGroup(Path).WithTags("Webhooks");
        webhooks.MapPost("", CreateAsync).DocumentCreate();
        webhooks.MapGet("", ListAsync).DocumentList();
        webhooks.MapGet("/{webhook_id}", GetAsync).DocumentGet();
        webhooks.MapPatch("/{webhook_id}", UpdateAsync).DocumentUpdate();
        webhooks.MapDelete("/{webhook_id}", DeleteAsync).DocumentDelete();
        webhooks.MapPost("/{webhook_id}/activate", (HttpContext http, [FromRoute(Name = "webhook_id")] string webhookId, WebhookService service, WebhookResources resources) =>
            SwitchAsync(http, webhookId, service, resources, on: true)).DocumentSwitch(on: true);
        webhooks.MapPost("/{webhook_id}/deactivate", (HttpContext http, [FromRoute(Name = "webhook_id")] string webhookId, WebhookService service, WebhookResources resources) =>
            SwitchAsync(http, webhookId, service, resources, on: false)).DocumentSwitch(on: false);
        webhooks.MapPost("/{webhook_id}/verification/resend", ResendVerificationAsync).DocumentResend();
        return api;
    }

    /// <summary>Parses a <c>webhook_id</c> route value; an id that is not a UUID names no webhook (404).</summary>
    public static IResult? ParseId(string text, out Guid id) =>
        Guid.TryParse(text, out id) ? null : ApiResults.Error(StatusCodes.Status404NotFound, WebhookService.NoSuchWebhook);

    private static async Task<IResult> CreateAsync(HttpContext http, WebhookService service, WebhookResources resources)
    {
        var (input, error) = await JsonFields.ReadAsync(http.Request, RequestFields.Webhook, WebhookRequests.ReadCreate);
        if (error is not null)
        {
            return error;
        }

        var result = await service.CreateAsync(ApiKeyFilter.OrganizationOf(http), input!, http.RequestAborted);
        if (!result.Succeeded)
        {
            return ApiResults.From(result);
        }

        var (webhook, secret) = result.Value!;
        http.Response.Headers.Location = $"{Path}/{webhook.Id}";
        return ApiResults.Result(resources.Created(webhook, secret), StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListAsync(
        HttpContext http, WebhookService service, WebhookResources resources, [FromQuery(Name = "limit")] string? limit, [FromQuery(Name = "offset")] string? offset)
    {
        var errors = new List<FieldError>();
        var take = QueryParameters.Integer(limit, "limit", 1, MaxLimit, DefaultLimit, errors);
        var skip = QueryParameters.Integer(offset, "offset", 0, int.MaxValue, 0, errors);
        if (errors.Count > 0)
        {
            return ApiResults.BadRequest(errors);
        }

        var page = await service.ListPageAsync(ApiKeyFilter.OrganizationOf(http), take, skip, http.RequestAborted);
        return ApiResults.Page(
            await resources.OfAsync(page.Items, http.RequestAborted),
            new ApiResults.OffsetMeta(new ApiResults.Pagination(take, skip, page.TotalCount)));
    }

    private static async Task<IResult> GetAsync(HttpContext http, [FromRoute(Name = "webhook_id")] string webhookId, WebhookService service, WebhookResources resources)
    {
        if (ParseId(webhookId, out var id) is { } notFound)
        {
            return notFound;
        }

        var webhook = await service.GetAsync(ApiKeyFilter.OrganizationOf(http), id, http.RequestAborted);
        return webhook is null
            ? ApiResults.Error(StatusCodes.Status404NotFound, WebhookService.NoSuchWebhook)
            : ApiResults.Result(await resources.OfAsync(webhook, http.RequestAborted));
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, [FromRoute(Name = "webhook_id")] string webhookId, WebhookService service, WebhookResources resources)
    {
        if (ParseId(webhookId, out var id) is { } notFound)
        {
            return notFound;
        }

        var (patch, error) = await JsonFields.ReadAsync(http.Request, RequestFields.Webhook, WebhookRequests.ReadPatch);
        if (error is not null)
        {
            return error;
        }

        var result = await service.UpdateAsync(ApiKeyFilter.OrganizationOf(http), id, patch!, http.RequestAborted);
        return result.Succeeded ? ApiResults.Result(await resources.OfAsync(result.Value!, http.RequestAborted)) : ApiResults.From(result);
    }

    /// <summary>
    /// SlashID deletes any webhook; Asgardeo only an inactive one. So a jwt or standard webhook, which
    /// is active from creation, is switched off and deleted; a websub webhook must be deactivated first (409).
    /// </summary>
    private static async Task<IResult> DeleteAsync(HttpContext http, [FromRoute(Name = "webhook_id")] string webhookId, WebhookService service)
    {
        if (ParseId(webhookId, out var id) is { } notFound)
        {
            return notFound;
        }

        var organizationId = ApiKeyFilter.OrganizationOf(http);
        var webhook = await service.GetAsync(organizationId, id, http.RequestAborted);
        if (webhook is { Format: not WebhookFormat.WebSub } && webhook.Status.IsSwitchedOn()
            && await service.SetActiveAsync(organizationId, id, false, http.RequestAborted) is { Succeeded: false } switchedOff)
        {
            return ApiResults.From(switchedOff);
        }

        var deleted = await service.DeleteAsync(organizationId, id, http.RequestAborted);
        return deleted.Succeeded ? TypedResults.NoContent() : ApiResults.From(deleted);
    }

    /// <summary>202 while WebSub verification of intent runs in the background (websub), 200 when the switch is immediate.</summary>
    private static async Task<IResult> SwitchAsync(HttpContext http, string webhookId, WebhookService service, WebhookResources resources, bool on)
    {
        if (ParseId(webhookId, out var id) is { } notFound)
        {
            return notFound;
        }

        return await SwitchedAsync(http, await service.SetActiveAsync(ApiKeyFilter.OrganizationOf(http), id, on, http.RequestAborted), resources);
    }

    private static async Task<IResult> ResendVerificationAsync(HttpContext http, [FromRoute(Name = "webhook_id")] string webhookId, WebhookService service, WebhookResources resources)
    {
        if (ParseId(webhookId, out var id) is { } notFound)
        {
            return notFound;
        }

        return await SwitchedAsync(http, await service.ResendVerificationAsync(ApiKeyFilter.OrganizationOf(http), id, http.RequestAborted), resources);
    }

    private static async Task<IResult> SwitchedAsync(HttpContext http, CommandResult<Webhook> result, WebhookResources resources)
    {
        if (!result.Succeeded)
        {
            return ApiResults.From(result);
        }

        var webhook = result.Value!;
        var status = webhook.Status is WebhookStatus.Activating or WebhookStatus.Deactivating ? StatusCodes.Status202Accepted : StatusCodes.Status200OK;
        return ApiResults.Result(await resources.OfAsync(webhook, http.RequestAborted), status);
    }
}
