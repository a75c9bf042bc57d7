using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Notifications;

namespace WebhookConsole.Components.Pages;

/// <summary>The event catalog: every event type with its channel and description; one type's JSON Schema and example.</summary>
public sealed partial class EventTypes
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    // The list shows names, channels and descriptions only; the schema and example are built for the chosen type alone.
    private static readonly IReadOnlyList<EventType> Types = [.. EventCatalog.Channels.SelectMany(EventCatalog.EventsOf)];

    private EventTypeDescription? selected;

    /// <summary>The event type whose schema and example are shown, from <c>/event-types/{Name}</c>.</summary>
    [Parameter]
    public string? Name { get; set; }

    protected override Task LoadAsync() => Task.CompletedTask;

    protected override void OnParametersSet() =>
        selected = Types.FirstOrDefault(t => t.Name == Name) is { } type ? EventSchemas.Describe(type, OrganizationId) : null;

    // The catalog is fixed; no engine change concerns it.
    protected override bool IsRelevant(EngineChange change) => false;

    private static string Json(JsonObject value) => value.ToJsonString(Indented);
}
