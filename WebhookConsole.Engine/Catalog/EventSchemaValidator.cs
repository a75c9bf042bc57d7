using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Json.Schema;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Catalog;

/// <summary>
/// Checks an event's content against its type's JSON Schema (<see cref="EventSchemas"/>) with JsonSchema.Net, and
/// names each broken rule by its JSON path in the request (<c>payload.browser_metadata.user_agent</c>).
/// </summary>
public static class EventSchemaValidator
{
    private static readonly ConcurrentDictionary<string, JsonSchema> Compiled = new(StringComparer.Ordinal);

    // One instance for every evaluation: JsonSchema.Net keeps a schema's built constraints only while it is evaluated
    // with the same options object (other options clear and rebuild them), and it copies the options (and their
    // registry) at each evaluation, so sharing them across threads is safe.
    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    /// <summary>The rules <paramref name="content"/> breaks, each as a <see cref="FieldError"/> on its path; empty when it conforms.</summary>
    public static IReadOnlyList<FieldError> Validate(EventType type, JsonNode? content)
    {
        var schema = Compiled.GetOrAdd(type.Name, _ => JsonSchema.FromText(EventSchemas.SchemaOf(type).ToJsonString()));
        var result = schema.Evaluate(content, Options);
        if (result.IsValid)
        {
            return [];
        }

        return [.. (result.Details.Count > 0 ? result.Details : [result])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => (Path: PathOf(d.InstanceLocation.ToString()), Message: e.Value)))
            .Distinct()
            .Select(e => new FieldError(e.Path, $"The payload breaks the {type.Name} schema at {e.Path}: {e.Message}"))];
    }

    // JSON Pointer (/browser_metadata/0/x) to the request's path (payload.browser_metadata[0].x).
    private static string PathOf(string pointer)
    {
        var path = new StringBuilder("payload");
        foreach (var segment in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment.Replace("~1", "/").Replace("~0", "~");
            path.Append(int.TryParse(name, out _) ? $"[{name}]" : "." + name);
        }

        return path.ToString();
    }
}
