using Microsoft.AspNetCore.Mvc;
using WebhookConsole.Api.OpenApi;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Scheduling;
using WebhookConsole.Engine.Webhooks;

namespace WebhookConsole.Api;

/// <summary>The delivery log: a webhook's deliveries newest first (keyset cursor), and one delivery with its attempts.</summary>
internal static class DeliveryEndpoints
{
    public const string NoSuchDelivery = "No delivery with this id exists in this organization.";

    public static RouteGroupBuilder MapDeliveryEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet(WebhookEndpoints.Path + "/{webhook_id}/deliveries", ListAsync).WithTags("Deliveries").DocumentListDeliveries();
        api.MapGet("/deliveries/{delivery_id}", GetAsync).WithTags("Deliveries").DocumentGetDelivery();
        return api;
    }

    private static async Task<IResult> ListAsync(
        HttpContext http,
        [FromRoute(Name = "webhook_id")] string webhookId,
        [FromQuery(Name = "status")] string? status,
        [FromQuery(Name = "event_name")] string? eventName,
        [FromQuery(Name = "since")] string? since,
        [FromQuery(Name = "until")] string? until,
        [FromQuery(Name = "cursor")] string? cursor,
        [FromQuery(Name = "limit")] string? limit,
        WebhookService webhooks,
        DeliveryLog log)
    {
        if (WebhookEndpoints.ParseId(webhookId, out var id) is { } notFound)
        {
            return notFound;
        }

        var errors = new List<FieldError>();
        var filter = ReadFilter(id, status, eventName, since, until, errors);
        var take = QueryParameters.Integer(limit, "limit", 1, WebhookEndpoints.MaxLimit, WebhookEndpoints.DefaultLimit, errors);
        DeliveryCursor? before = null;
        if (cursor is not null)
        {
            if (DeliveryCursorToken.TryDecode(cursor, out var position))
            {
                before = position;
            }
            else
            {
                errors.Add(new("cursor", "The cursor query parameter must be a meta.next_cursor value returned by this endpoint."));
            }
        }

        if (errors.Count > 0)
        {
            return ApiResults.BadRequest(errors);
        }

        var organizationId = ApiKeyFilter.OrganizationOf(http);
        if (await webhooks.GetAsync(organizationId, id, http.RequestAborted) is null)
        {
            return ApiResults.Error(StatusCodes.Status404NotFound, WebhookService.NoSuchWebhook);
        }

        var page = await log.ListPageAsync(organizationId, filter, before, take, http.RequestAborted);
        return ApiResults.Page(
            page.Items.Select(DeliveryResource.From).ToList(),
            new ApiResults.CursorMeta(page.Next is { } next ? DeliveryCursorToken.Encode(next) : null));
    }

    private static async Task<IResult> GetAsync(
        HttpContext http, [FromRoute(Name = "delivery_id")] string deliveryId, DeliveryLog log, DeliveryWaitReason waitReason)
    {
        Engine.Domain.Delivery? delivery;
        try
        {
            delivery = Guid.TryParse(deliveryId, out var id) ? await log.GetAsync(ApiKeyFilter.OrganizationOf(http), id, http.RequestAborted) : null;
        }
        catch (Engine.Security.StoredValueException refused)
        {
            // A stored payload or body that does not decrypt where it is (copied from another row, changed, another master key).
            return ApiResults.Error(StatusCodes.Status500InternalServerError, refused.Message);
        }

        return delivery is null
            ? ApiResults.Error(StatusCodes.Status404NotFound, NoSuchDelivery)
            : ApiResults.Result(DeliveryDetailResource.From(delivery, await waitReason.ExplainAsync(delivery, http.RequestAborted)));
    }

    private static DeliveryFilter ReadFilter(Guid webhookId, string? status, string? eventName, string? since, string? until, List<FieldError> errors)
    {
        DeliveryStatus? wantedStatus = null;
        if (status is not null)
        {
            wantedStatus = Enum.GetValues<DeliveryStatus>().Cast<DeliveryStatus?>().FirstOrDefault(s => s!.Value.ToWord() == status);
            if (wantedStatus is null)
            {
                var words = string.Join(", ", Enum.GetValues<DeliveryStatus>().Select(s => s.ToWord()));
                errors.Add(new("status", $"The status query parameter '{status}' is not one of {words}."));
            }
        }

        if (eventName is not null && EventCatalog.FindEvent(eventName) is null && !EventCatalog.IsSyncHook(eventName))
        {
            errors.Add(new("event_name", $"The event_name query parameter '{eventName}' is not a known event trigger (for example AuthenticationFailed_v1)."));
        }

        var from = QueryParameters.Time(since, "since", errors);
        var to = QueryParameters.Time(until, "until", errors);
        if (from >= to)
        {
            errors.Add(new("since", "The since query parameter must be earlier than until."));
        }

        return new DeliveryFilter(webhookId, wantedStatus, eventName, from, to);
    }
}
