using System.Globalization;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Components.ViewModels;

/// <summary>
/// The deliveries page's filters as they travel in the URL query (<c>?webhook=…&amp;status=failed&amp;event=…&amp;since=…&amp;until=…&amp;test=true</c>),
/// so a filtered view can be linked. Times are UTC to the minute; a value that does not parse is ignored, not an error.
/// </summary>
public sealed record DeliveryFilterQuery(
    Guid? WebhookId = null,
    DeliveryStatus? Status = null,
    string? EventName = null,
    DateTime? Since = null,
    DateTime? Until = null,
    bool TestEventsOnly = false)
{
    /// <summary>The input format of <c>datetime-local</c> controls, also used in the URL (with a trailing Z).</summary>
    public const string MinuteFormat = "yyyy-MM-dd'T'HH:mm";

    public bool IsEmpty => this == new DeliveryFilterQuery();

    /// <summary>Reads the query values; unknown or malformed values are dropped.</summary>
    public static DeliveryFilterQuery Parse(string? webhook, string? status, string? eventName, string? since, string? until, string? test) => new(
        Guid.TryParse(webhook, out var id) ? id : null,
        Enum.GetValues<DeliveryStatus>().Cast<DeliveryStatus?>().FirstOrDefault(s => s!.Value.ToWord() == status),
        string.IsNullOrWhiteSpace(eventName) ? null : eventName.Trim(),
        ParseTime(since),
        ParseTime(until),
        string.Equals(test, "true", StringComparison.OrdinalIgnoreCase));

    /// <summary>A time typed in a <c>datetime-local</c> control or read from the URL, as UTC; null when empty or malformed.</summary>
    public static DateTime? ParseTime(string? text) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : null;

    /// <summary>The engine's filter for <see cref="DeliveryLog.ListPageAsync"/>.</summary>
    public DeliveryFilter ToFilter() => new(
        WebhookId,
        Status,
        EventName,
        Since is { } since ? new DateTimeOffset(since, TimeSpan.Zero) : null,
        Until is { } until ? new DateTimeOffset(until, TimeSpan.Zero) : null,
        TestEventsOnly);

    /// <summary>The query parameters of this filter; absent parts are null so they leave the URL.</summary>
    public IReadOnlyDictionary<string, object?> ToQuery() => new Dictionary<string, object?>
    {
        ["webhook"] = WebhookId?.ToString(),
        ["status"] = Status?.ToWord(),
        ["event"] = EventName,
        ["since"] = FormatTime(Since) is { } s ? s + "Z" : null,
        ["until"] = FormatTime(Until) is { } u ? u + "Z" : null,
        ["test"] = TestEventsOnly ? "true" : null,
    };

    /// <summary>A UTC time as a <c>datetime-local</c> control shows it.</summary>
    public static string? FormatTime(DateTime? time) => time?.ToString(MinuteFormat, CultureInfo.InvariantCulture);
}
