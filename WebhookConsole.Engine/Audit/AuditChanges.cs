namespace WebhookConsole.Engine.Audit;

/// <summary>
/// The fields an update changed, with old and new values, for an entry's details (<c>{"changes": {...}}</c>). Secrets
/// and header values never go in: callers name them with <see cref="Marker"/> (e.g. <c>"values": "replaced"</c>).
/// </summary>
public sealed class AuditChanges
{
    private readonly SortedDictionary<string, object?> _fields = new(StringComparer.Ordinal);

    public bool Any => _fields.Count > 0;

    /// <summary>Adds the field when <paramref name="before"/> and <paramref name="after"/> differ.</summary>
    public AuditChanges Field<T>(string name, T before, T after)
    {
        if (!EqualityComparer<T>.Default.Equals(before, after))
        {
            _fields[name] = new ChangedValue(before, after);
        }

        return this;
    }

    /// <summary>Adds a field whose values must not be shown: only that, and how, it changed.</summary>
    public AuditChanges Marker(string name, object description)
    {
        _fields[name] = description;
        return this;
    }

    public object ToDetails() => new { Changes = _fields };

    private sealed record ChangedValue(object? Old, object? New);
}
