namespace WebhookConsole.Engine.Domain;

/// <summary>
/// Rules for a webhook's custom headers (SlashID's webhook API): valid HTTP header names, values without control
/// characters (no header injection), and none of the headers the engine itself sets.
/// </summary>
public static class CustomHeaders
{
    public const string Field = "custom_headers";
    public const int MaxHeaders = 20;
    public const int MaxValueLength = 4096;

    // Set by the engine or by HTTP itself; a webhook cannot override them.
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Type", "Content-Length", "Content-Encoding", "Transfer-Encoding", "Connection", "Keep-Alive",
        "Upgrade", "TE", "Trailer", "Expect", "Proxy-Authorization", "Proxy-Connection", "User-Agent",
        "x-hub-signature", "webhook-id", "webhook-timestamp", "webhook-signature",
        "X-Webhook-ID", "X-Webhook-Timestamp", "X-Webhook-Signature",
    };

    private const string TokenCharacters = "!#$%&'*+-.^_`|~";

    public static FieldError? Validate(IReadOnlyDictionary<string, string[]>? headers)
    {
        if (headers is null || headers.Count == 0)
        {
            return null;
        }

        if (headers.Count > MaxHeaders)
        {
            return Error($"A webhook can have at most {MaxHeaders} custom headers.");
        }

        foreach (var (name, values) in headers)
        {
            if (name.Length == 0 || name.Length > 256 || !name.All(c => char.IsAsciiLetterOrDigit(c) || TokenCharacters.Contains(c)))
            {
                return Error($"The custom header name '{Printable(name)}' is not a valid HTTP header name (letters, digits and !#$%&'*+-.^_`|~).");
            }

            if (Reserved.Contains(name))
            {
                return Error($"The custom header '{name}' is set by WebhookConsole itself and cannot be overridden.");
            }

            if (values is null || values.Length == 0)
            {
                return Error($"The custom header '{name}' needs at least one value.");
            }

            foreach (var value in values)
            {
                if (value is null || value.Any(c => c < 0x20 && c != '\t' || c == 0x7f || c > 0xff))
                {
                    return Error($"A value of the custom header '{name}' contains control or non-Latin-1 characters.");
                }

                if (value.Length > MaxValueLength)
                {
                    return Error($"A value of the custom header '{name}' is longer than {MaxValueLength} characters.");
                }
            }
        }

        return null;
    }

    private static string Printable(string name) => new(name.Select(c => char.IsControl(c) ? '?' : c).Take(64).ToArray());

    private static FieldError Error(string message) => new(Field, message);
}
