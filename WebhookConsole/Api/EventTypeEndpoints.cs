using Microsoft.AspNetCore.Mvc;
using WebhookConsole.Api.OpenApi;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Delivery;

namespace WebhookConsole.Api;

/// <summary><c>/event-types</c>: the event catalog, each type with its channel, description, JSON Schema and an example payload.</summary>
internal static class EventTypeEndpoints
{
    /// <summary>An event type in the list.</summary>
    public sealed record EventTypeSummary(string Name, string EventType, string Channel, string ChannelName, string Description, string EventUri)
    {
        // The catalog's words only: the list needs no schema or example, so none is built.
        public static EventTypeSummary From(EventType t) =>
            new(t.Name, EventContent.EventTypeOf(t.Name), t.Channel.Slug, t.Channel.Name, EventSchemas.DescriptionOf(t), t.EventUri);
    }

    /// <summary>One event type with its schema (draft 2020-12) and an example of its content.</summary>
    public sealed record EventTypeResource(
        string Name, string EventType, string Channel, string ChannelName, string Description, string EventUri,
        System.Text.Json.Nodes.JsonObject Schema, System.Text.Json.Nodes.JsonObject Example);

    public static RouteGroupBuilder MapEventTypeEndpoints(this RouteGroupBuilder api)
    {
        var types = api.MapGroup("/event-types").WithTags(ApiTags.EventTypes);
        types.MapGet("", () => ApiResults.Result(
                EventCatalog.EventTypes.Select(EventTypeSummary.From).ToList()))
            .DocumentListEventTypes();
        types.MapGet("/{name}", (HttpContext http, [FromRoute] string name) =>
            EventCatalog.FindEvent(name) is { } type && EventSchemas.Describe(type, ApiKeyFilter.OrganizationOf(http)) is var d
                ? ApiResults.Result(new EventTypeResource(d.Name, d.EventType, d.Channel.Slug, d.Channel.Name, d.Description, d.EventUri, d.Schema, d.Example))
                : ApiResults.Error(StatusCodes.Status404NotFound, $"No event type is named '{name}'; GET /event-types lists them (for example AuthenticationSucceeded_v1)."))
            .DocumentGetEventType();
        return api;
    }
}
