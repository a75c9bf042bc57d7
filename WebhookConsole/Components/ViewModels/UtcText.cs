using System.Globalization;

namespace WebhookConsole.Components.ViewModels;

/// <summary>How precisely a time is shown: to the minute where seconds add nothing, to the millisecond for attempts.</summary>
public enum UtcPrecision
{
    Minute,
    Second,
    Millisecond,
}

/// <summary>
/// The console's one way of writing a time (docs/console-design.md): UTC, ISO order, 24 hours, with the zone shown,
/// e.g. <c>2026-12-02 07:45:12 UTC</c>, whatever the server's culture or zone.
/// </summary>
public static class UtcText
{
    /// <summary>Shown where there is no time (never attempted, no next retry).</summary>
    public const string None = "—";

    public static string Format(DateTimeOffset time, UtcPrecision precision = UtcPrecision.Second) =>
        time.UtcDateTime.ToString(precision switch
        {
            UtcPrecision.Minute => "yyyy-MM-dd HH:mm",
            UtcPrecision.Millisecond => "yyyy-MM-dd HH:mm:ss.fff",
            _ => "yyyy-MM-dd HH:mm:ss",
        }, CultureInfo.InvariantCulture) + " UTC";

    public static string Format(DateTimeOffset? time, UtcPrecision precision = UtcPrecision.Second) =>
        time is { } value ? Format(value, precision) : None;

    /// <summary>The machine-readable form for a <c>&lt;time datetime&gt;</c> attribute.</summary>
    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
