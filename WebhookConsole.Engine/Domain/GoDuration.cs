using System.Globalization;
using System.Text;

namespace WebhookConsole.Engine.Domain;

/// <summary>
/// Go's <c>time.Duration</c> text form, which SlashID's webhook API <c>timeout</c> uses: parsing as <c>time.ParseDuration</c>
/// does (<c>500ms</c>, <c>1.5s</c>, <c>1m30s</c>; a bare number only for <c>0</c>) and formatting as
/// <c>Duration.String()</c> does (<c>0s</c>, <c>500ms</c>, <c>1.5s</c>, <c>1m30s</c>, <c>1h0m0s</c>).
/// </summary>
public static class GoDuration
{
    private static readonly (string Unit, long Ticks)[] Units =
    [
        ("ns", 0), ("us", 10), ("µs", 10), ("μs", 10), ("ms", TimeSpan.TicksPerMillisecond),
        ("s", TimeSpan.TicksPerSecond), ("m", TimeSpan.TicksPerMinute), ("h", TimeSpan.TicksPerHour),
    ];

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var s = text.AsSpan();
        var negative = false;
        if (s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s is "0")
        {
            return true;
        }

        if (s.IsEmpty)
        {
            return false;
        }

        decimal totalTicks = 0;
        while (!s.IsEmpty)
        {
            var numberLength = 0;
            while (numberLength < s.Length && (char.IsAsciiDigit(s[numberLength]) || s[numberLength] == '.'))
            {
                numberLength++;
            }

            if (numberLength == 0 || !decimal.TryParse(s[..numberLength], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            s = s[numberLength..];
            var unitLength = 0;
            while (unitLength < s.Length && !char.IsAsciiDigit(s[unitLength]) && s[unitLength] != '.')
            {
                unitLength++;
            }

            var unit = s[..unitLength].ToString();
            s = s[unitLength..];
            var match = Array.FindIndex(Units, u => u.Unit == unit);
            if (match < 0)
            {
                return false;
            }

            // Checked before multiplying: decimal overflows past 7.9e28 (a 20-digit number of hours would throw).
            if (unit != "ns" && value > TimeSpan.MaxValue.Ticks / Units[match].Ticks)
            {
                return false;
            }

            // Nanoseconds are below TimeSpan's resolution: 100 ns per tick.
            totalTicks += unit == "ns" ? value / 100 : value * Units[match].Ticks;
            if (totalTicks > TimeSpan.MaxValue.Ticks)
            {
                return false;
            }
        }

        duration = TimeSpan.FromTicks((long)Math.Round(totalTicks) * (negative ? -1 : 1));
        return true;
    }

    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }

        var builder = new StringBuilder();
        if (duration < TimeSpan.Zero)
        {
            builder.Append('-');
            duration = duration.Negate();
        }

        if (duration < TimeSpan.FromSeconds(1))
        {
            return builder.Append(Trim(duration.Ticks / (decimal)TimeSpan.TicksPerMillisecond)).Append("ms").ToString();
        }

        var hours = (long)duration.TotalHours;
        var minutes = duration.Minutes;
        var seconds = (duration.Ticks % TimeSpan.TicksPerMinute) / (decimal)TimeSpan.TicksPerSecond;
        if (hours > 0)
        {
            builder.Append(hours).Append('h').Append(minutes).Append('m');
        }
        else if (minutes > 0)
        {
            builder.Append(minutes).Append('m');
        }

        return builder.Append(Trim(seconds)).Append('s').ToString();
    }

    private static string Trim(decimal value) => value.ToString("0.#########", CultureInfo.InvariantCulture);
}
