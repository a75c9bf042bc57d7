using System.Globalization;

namespace WebhookConsole.Components.Pages;

/// <summary>How the sync hook pages write times and long results.</summary>
internal static class SyncHookText
{
    public const int ShortLength = 160;

    public static string Time(DateTimeOffset time) => time.ToString("yyyy-MM-dd HH:mm:ss.fff 'UTC'", CultureInfo.InvariantCulture);

    public static string Shorten(string text) => text.Length <= ShortLength ? text : string.Concat(text.AsSpan(0, ShortLength), "…");
}
