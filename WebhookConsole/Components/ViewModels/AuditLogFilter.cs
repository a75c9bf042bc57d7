using System.Globalization;
using WebhookConsole.Engine.Audit;

namespace WebhookConsole.Components.ViewModels;

/// <summary>The Audit log page's filter form: text as typed, checked into an <see cref="AuditFilter"/> and a query string.</summary>
public sealed class AuditLogFilter
{
    public string? Actor { get; set; }

    public string? Action { get; set; }

    public string? Target { get; set; }

    /// <summary>UTC, e.g. <c>2026-12-02 10:00</c>.</summary>
    public string? From { get; set; }

    public string? To { get; set; }

    /// <summary>The engine's filter, or the error naming the field that is not a time.</summary>
    public (AuditFilter? Filter, string? Error) Parse()
    {
        if (!TryTime(From, out var from))
        {
            return (null, "From (UTC) must be a time such as 2026-12-02 10:00.");
        }

        if (!TryTime(To, out var to))
        {
            return (null, "To (UTC) must be a time such as 2026-12-02 18:00.");
        }

        return from >= to
            ? (null, "From (UTC) must be earlier than To (UTC).")
            : (new AuditFilter(Blank(Actor), Blank(Action), Blank(Target), from, to), null);
    }

    /// <summary>The filters as the export's query string (<c>?actor=…&amp;from=…</c>), empty ones left out.</summary>
    public string QueryString(AuditFilter filter)
    {
        var pairs = new (string Name, string? Value)[]
        {
            ("actor", filter.Actor), ("action", filter.Action), ("target", filter.Target),
            ("from", filter.From?.ToString("O", CultureInfo.InvariantCulture)), ("to", filter.To?.ToString("O", CultureInfo.InvariantCulture)),
        };
        var query = string.Join("&", pairs.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));
        return query.Length == 0 ? "" : "?" + query;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static bool TryTime(string? text, out DateTimeOffset? time)
    {
        time = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            time = parsed;
            return true;
        }

        return false;
    }
}
