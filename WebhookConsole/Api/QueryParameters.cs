using System.Globalization;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Api;

/// <summary>Reads optional query parameters strictly: a value that does not fit is an error naming the parameter and the rule.</summary>
internal static class QueryParameters
{
    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>, or <paramref name="fallback"/> when absent.</summary>
    public static int Integer(string? text, string name, int min, int max, int fallback, List<FieldError> errors)
    {
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add(new(name, max == int.MaxValue
            ? $"The {name} query parameter must be a whole number of at least {min}."
            : $"The {name} query parameter must be a whole number from {min} to {max}."));
        return fallback;
    }

    /// <summary>An RFC 3339 time such as <c>2026-11-21T12:00:00Z</c>, or null when absent.</summary>
    public static DateTimeOffset? Time(string? text, string name, List<FieldError> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            return value;
        }

        errors.Add(new(name, $"The {name} query parameter must be a time in RFC 3339 form, for example 2026-11-21T12:00:00Z."));
        return null;
    }
}
