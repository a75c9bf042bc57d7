namespace WebhookConsole.Components.Pages;

/// <summary>How the sync hook pages shorten long results.</summary>
internal static class SyncHookText
{
    public const int ShortLength = 160;

    public static string Shorten(string text) => text.Length <= ShortLength ? text : string.Concat(text.AsSpan(0, ShortLength), "…");
}
