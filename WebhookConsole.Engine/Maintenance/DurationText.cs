namespace WebhookConsole.Engine.Maintenance;

/// <summary>A configured duration in words for messages and reasons: "5 days", "12 hours", "90 minutes".</summary>
public static class DurationText
{
    public static string Describe(TimeSpan duration) => duration switch
    {
        { Ticks: var ticks } when ticks % TimeSpan.TicksPerDay == 0 => Plural((long)duration.TotalDays, "day"),
        { Ticks: var ticks } when ticks % TimeSpan.TicksPerHour == 0 => Plural((long)duration.TotalHours, "hour"),
        { Ticks: var ticks } when ticks % TimeSpan.TicksPerMinute == 0 => Plural((long)duration.TotalMinutes, "minute"),
        _ => duration.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string Plural(long count, string unit) => count == 1 ? $"1 {unit}" : $"{count} {unit}s";
}
