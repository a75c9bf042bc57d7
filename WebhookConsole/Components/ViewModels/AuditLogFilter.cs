using System.Globalization;
using WebhookConsole.Engine.Audit;

namespace WebhookConsole.Components.ViewModels;

/// <summary>The Audit log page's filter form: text as typed, checked into an <see cref="AuditFilter"/> and a query string.</summary>
public sealed class AuditLogFilter
{
    public string? Actor { get; set; }

    public string? Action { get; set; }

    public string? Target { get; set; }

    /// <summary>From this time (inclusive), in UTC, as the date-time picker gives it.</summary>
    public DateTime? From { get; set; }

    /// <summary>Until this time (exclusive), in UTC.</summary>
    public DateTime? To { get; set; }

    /// <summary>The engine's filter, or the error naming the fields when the range is empty.</summary>
    public (AuditFilter? Filter, string? Error) Parse()
    {
        DateTimeOffset? from = From is { } f ? new DateTimeOffset(DateTime.SpecifyKind(f, DateTimeKind.Utc)) : null;
        DateTimeOffset? to = To is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;
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
}
