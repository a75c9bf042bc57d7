using System.Text.Json;
using System.Text.RegularExpressions;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Privacy;

/// <summary>
/// Whom an erasure is for: a person id (found wherever an event names a subject, <see cref="SubjectKeys"/>), or a JSON
/// path into the event's content and the value it must hold (<c>$.claims.email</c> = <c>a@example.com</c>).
/// Values are compared trimmed and without case.
/// </summary>
public sealed partial record ErasureSubject
{
    public const int MaxValueLength = 320;

    private ErasureSubject(string value, IReadOnlyList<object>? path, string? pathText)
    {
        Value = value;
        Path = path;
        PathText = pathText;
    }

    /// <summary>The person id, or the value at <see cref="Path"/>.</summary>
    public string Value { get; }

    /// <summary>The path's steps: property names (strings) and array indexes (ints); null for a person id.</summary>
    public IReadOnlyList<object>? Path { get; }

    public string? PathText { get; }

    /// <summary>
    /// Whether the index holds this subject: a person id, or a path whose last step is an indexed field name. Otherwise
    /// the erasure reads every event of the organization (docs/security.md, erasure).
    /// </summary>
    public bool Indexed => Path is null || (Path[^1] is string leaf
        && (SubjectKeys.IsSubjectField(leaf) || (leaf == "id" && Path.Count > 1 && Path[^2] is string parent && parent.ToLowerInvariant() is "user" or "person")));

    /// <summary>
    /// Checks a request: exactly one of <paramref name="personId"/> or <paramref name="path"/> with <paramref name="value"/>.
    /// Returns the subject, or null with the broken rules in <paramref name="errors"/>.
    /// </summary>
    public static ErasureSubject? Create(string? personId, string? path, string? value, List<FieldError> errors)
    {
        if (personId is not null)
        {
            if (path is not null || value is not null)
            {
                errors.Add(new("person_id", "Send either person_id, or path and value, not both."));
            }
            else if (CheckValue("person_id", personId, errors))
            {
                return new ErasureSubject(personId.Trim(), null, null);
            }

            return null;
        }

        if (path is null && value is null)
        {
            errors.Add(new("person_id", "A subject is required: person_id, or path (a JSON path such as $.claims.email) and value."));
            return null;
        }

        var steps = path is null ? null : ParsePath(path);
        if (path is null)
        {
            errors.Add(new("path", "The path is required with a value: a JSON path such as $.claims.email."));
        }
        else if (steps is null)
        {
            errors.Add(new("path", "The path must be a JSON path of names and indexes from the content's root, such as $.claims.email, $.user['email'] or $.emails[0] (at most 32 steps)."));
        }

        var valueOk = value is null
            ? AddError(errors, new("value", "The value is required with a path: the value the path must hold, such as a@example.com."))
            : CheckValue("value", value, errors);
        return steps is not null && valueOk ? new ErasureSubject(value!.Trim(), steps, path) : null;
    }

    /// <summary>Whether <paramref name="content"/> holds the value at the path (a person id subject: never; it is found by the index alone).</summary>
    public bool Matches(JsonElement content)
    {
        var current = content;
        foreach (var step in Path ?? [])
        {
            var found = step switch
            {
                string name => current.ValueKind == JsonValueKind.Object && current.TryGetProperty(name, out current),
                int index => current.ValueKind == JsonValueKind.Array && index < current.GetArrayLength() && (current = current[index]).ValueKind != JsonValueKind.Undefined,
                _ => false,
            };
            if (!found)
            {
                return false;
            }
        }

        var text = current.ValueKind switch
        {
            JsonValueKind.String => current.GetString(),
            JsonValueKind.Number => current.GetRawText(),
            _ => null,
        };
        return Path is not null && text is not null && string.Equals(text.Trim(), Value, StringComparison.OrdinalIgnoreCase);
    }

    private static bool CheckValue(string field, string value, List<FieldError> errors) =>
        string.IsNullOrWhiteSpace(value)
            ? AddError(errors, new(field, $"The {field} must not be empty."))
            : value.Length <= MaxValueLength || AddError(errors, new(field, $"The {field} must be at most {MaxValueLength} characters."));

    private static bool AddError(List<FieldError> errors, FieldError error)
    {
        errors.Add(error);
        return false;
    }

    private static List<object>? ParsePath(string path)
    {
        var match = PathPattern().Match(path.Trim());
        if (!match.Success)
        {
            return null;
        }

        var steps = new List<object>();
        foreach (Capture capture in match.Groups["step"].Captures)
        {
            var step = capture.Value;
            steps.Add(step[0] == '.' ? step[1..]
                : step[1] is '\'' or '"' ? step[2..^2]
                : int.TryParse(step[1..^1], out var index) ? index : -1);
        }

        return steps.Count is > 0 and <= 32 && !steps.Contains(-1) ? steps : null;
    }

    [GeneratedRegex("""^\$(?<step>\.[A-Za-z0-9_\-]+|\['[^'\]]+'\]|\["[^"\]]+"\]|\[[0-9]{1,6}\])+$""")]
    private static partial Regex PathPattern();
}
