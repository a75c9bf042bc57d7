using System.Text;
using System.Text.Json;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Components.ViewModels;

/// <summary>
/// A curl command that repeats one attempt's request as the delivery log recorded it: POST, the URL, every header
/// as sent and the body. Custom header values are stored masked (<c>****</c>) and stay masked here.
/// </summary>
public static class CurlCommand
{
    /// <summary>The value the delivery log stores instead of a custom header's value.</summary>
    public const string Mask = "****";

    /// <summary>The command, one option per line, quoted for POSIX shells.</summary>
    public static string From(Attempt attempt)
    {
        var command = new StringBuilder("curl -X POST ").Append(Quote(attempt.RequestUrl));
        foreach (var (name, value) in Headers(attempt))
        {
            command.Append(" \\\n  -H ").Append(Quote($"{name}: {value}"));
        }

        return command.Append(" \\\n  --data-raw ").Append(Quote(attempt.RequestBody)).ToString();
    }

    /// <summary>True when a header value in the command is masked, so it must be filled in before the command is run.</summary>
    public static bool HasMaskedHeaders(Attempt attempt) => Headers(attempt).Any(h => h.Value == Mask);

    private static IEnumerable<(string Name, string Value)> Headers(Attempt attempt) =>
        (JsonSerializer.Deserialize<Dictionary<string, string[]>>(attempt.RequestHeaders) ?? [])
            .SelectMany(h => h.Value.Select(v => (h.Key, v)));

    // Single quotes keep everything literal in a POSIX shell; a single quote itself is closed, escaped and reopened.
    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
