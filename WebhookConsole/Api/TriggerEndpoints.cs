using Microsoft.AspNetCore.Mvc;
using WebhookConsole.Api.OpenApi;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Webhooks;

namespace WebhookConsole.Api;

/// <summary><c>/organizations/webhooks/{webhook_id}/triggers</c> (SlashID's API): which events and sync hooks call a webhook.</summary>
internal static class TriggerEndpoints
{
    public static RouteGroupBuilder MapTriggerEndpoints(this RouteGroupBuilder api)
    {
        var triggers = api.MapGroup(WebhookEndpoints.Path + "/{webhook_id}/triggers").WithTags("Triggers");
        triggers.MapPost("", AddAsync).DocumentAddTrigger();
        triggers.MapGet("", ListAsync).DocumentListTriggers();
        triggers.MapDelete("", RemoveAsync).DocumentRemoveTrigger();
        return api;
    }

    /// <summary>Adding a trigger the webhook has succeeds and changes nothing (SlashID's API).</summary>
    private static async Task<IResult> AddAsync(HttpContext http, [FromRoute(Name = "webhook_id")] string webhookId, WebhookService service)
    {
        if (WebhookEndpoints.ParseId(webhookId, out var id) is { } notFound)
        {
            return notFound;
        }

        var (trigger, error) = await JsonFields.ReadAsync(http.Request, RequestFields.Trigger,
            fields => WebhookRequests.ReadTrigger(fields.String("trigger_type"), fields.String("trigger_name"), fields.Errors));
        if (error is not null)
        {
            return error;
        }

        var (type, name) = trigger;
        var result = await service.AddTriggerAsync(ApiKeyFilter.OrganizationOf(http), id, type, name, http.RequestAborted);
        return result.Succeeded
            ? ApiResults.Result(new TriggerResource(type.ToWire(), name!), StatusCodes.Status201Created)
            : ApiResults.From(result);
    }

    private static async Task<IResult> ListAsync(HttpContext http, [FromRoute(Name = "webhook_id")] string webhookId, WebhookService service)
    {
        if (WebhookEndpoints.ParseId(webhookId, out var id) is { } notFound)
        {
            return notFound;
        }

        var webhook = await service.GetAsync(ApiKeyFilter.OrganizationOf(http), id, http.RequestAborted);
        return webhook is null
            ? ApiResults.Error(StatusCodes.Status404NotFound, WebhookService.NoSuchWebhook)
            : ApiResults.Result(TriggerResource.ListOf(webhook));
    }

    /// <summary>Removing a trigger the webhook does not have changes nothing.</summary>
    private static async Task<IResult> RemoveAsync(
        HttpContext http,
        [FromRoute(Name = "webhook_id")] string webhookId,
        [FromQuery(Name = "trigger_type")] string? triggerType,
        [FromQuery(Name = "trigger_name")] string? triggerName,
        WebhookService service)
    {
        if (WebhookEndpoints.ParseId(webhookId, out var id) is { } notFound)
        {
            return notFound;
        }

        var errors = new List<FieldError>();
        var (type, name) = WebhookRequests.ReadTrigger(triggerType, triggerName, errors);
        if (errors.Count > 0)
        {
            return ApiResults.BadRequest(errors);
        }

        var result = await service.RemoveTriggerAsync(ApiKeyFilter.OrganizationOf(http), id, type, name, http.RequestAborted);
        return result.Succeeded ? TypedResults.NoContent() : ApiResults.From(result);
    }
}
