using System.Text.Json;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Webhooks;

namespace WebhookConsole.Api;

/// <summary>
/// The fields of a JSON object body, read with their JSON types checked: a field of the wrong type or an unknown
/// field becomes an error naming it, before the engine's own rules run. A JSON <c>null</c> counts as absent, except
/// where it is a value (<see cref="NullableInteger"/>).
/// </summary>
internal sealed class JsonFields
{
    private readonly JsonElement _object;

    private JsonFields(JsonElement jsonObject) => _object = jsonObject;

    public List<FieldError> Errors { get; } = [];

    /// <summary>
    /// Reads the body with <see cref="JsonBody"/> (415, 413, 400), requires a JSON object with only <paramref name="known"/>
    /// fields and turns it into a <typeparamref name="T"/> with <paramref name="read"/>; any error is a 400 naming each field.
    /// </summary>
    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request, IReadOnlyList<string> known, Func<JsonFields, T> read)
    {
        var (fields, error) = await ReadObjectAsync(request, known);
        if (error is not null)
        {
            return (default, error);
        }

        var value = read(fields!);
        return fields!.Errors.Count > 0 ? (default, ApiResults.BadRequest(fields.Errors)) : (value, null);
    }

    private static async Task<(JsonFields? Fields, IResult? Error)> ReadObjectAsync(HttpRequest request, IReadOnlyList<string> known)
    {
        var (document, error) = await JsonBody.ReadAsync(request);
        if (error is not null)
        {
            return (null, error);
        }

        using (document)
        {
            var root = document!.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, ApiResults.Error(StatusCodes.Status400BadRequest, $"The request body must be a JSON object with the fields {string.Join(", ", known)}."));
            }

            var fields = new JsonFields(root.Clone());
            foreach (var property in root.EnumerateObject().Where(p => !known.Contains(p.Name)))
            {
                fields.Errors.Add(new(property.Name, $"The field '{property.Name}' is not known; the fields are {string.Join(", ", known)}."));
            }

            return (fields, null);
        }
    }

    public bool Has(string field) => _object.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>The string value of <paramref name="field"/>, or null when absent or of another type (then an error is added).</summary>
    public string? String(string field, string? expected = null)
    {
        if (!_object.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        Errors.Add(new(field, $"The {field} field must be {expected ?? "a string"}, not {Describe(value)}."));
        return null;
    }

    /// <summary>An id (a UUID in a string), or null when absent; another type or a string that is no UUID adds an error naming the field.</summary>
    public Guid? Guid(string field)
    {
        var text = String(field, "an id (a UUID string)");
        if (text is null)
        {
            return null;
        }

        if (System.Guid.TryParse(text, out var id))
        {
            return id;
        }

        Errors.Add(new(field, $"The {field} field must be an id (a UUID)."));
        return null;
    }

    /// <summary>
    /// A whole number that may be null (a cap or limit: null means none). Absent: not set; <c>null</c>: set to null.
    /// Any other JSON type, a fraction or a number beyond <see cref="int"/> adds <paramref name="rule"/>, the engine's words.
    /// </summary>
    public PatchValue<int?> NullableInteger(string field, string rule)
    {
        if (!_object.TryGetProperty(field, out var value))
        {
            return default;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            return new(null);
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
        {
            return new(number);
        }

        Errors.Add(new(field, rule));
        return default;
    }

        /// <summary>An object of header names to lists of string values (SlashID's <c>custom_headers</c>).</summary>
    public Dictionary<string, string[]>? Headers(string field)
    {
        if (!_object.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        const string Shape = """an object of header names to lists of values, for example {"X-EXAMPLE": ["something"]}""";
        if (value.ValueKind != JsonValueKind.Object)
        {
            Errors.Add(new(field, $"The {field} field must be {Shape}, not {Describe(value)}."));
            return null;
        }

        var headers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in value.EnumerateObject())
        {
            if (header.Value.ValueKind != JsonValueKind.Array || header.Value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
            {
                Errors.Add(new(field, $"Each entry of the {field} field must be a list of strings: {Shape}."));
                return null;
            }

            if (!headers.TryAdd(header.Name, header.Value.EnumerateArray().Select(v => v.GetString()!).ToArray()))
            {
                Errors.Add(new(field, $"The {field} field names the header '{header.Name}' more than once (header names ignore case)."));
                return null;
            }
        }

        return headers;
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => "a string",
    };
}
