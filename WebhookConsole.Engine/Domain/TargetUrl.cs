using System.Net;

namespace WebhookConsole.Engine.Domain;

/// <summary>
/// The rules a webhook's target URL must meet (SlashID's webhook API): HTTPS; a host that is neither
/// <c>localhost</c> nor an IP address in any notation; no query and no fragment. With
/// <c>Delivery:AllowInsecureTargets</c>, <c>http</c>, loopback and IP hosts are allowed for local testing.
/// </summary>
public static class TargetUrl
{
    public const string Field = "target_url";
    public const int MaxLength = 2048;

    /// <summary>Returns the broken rule, or null when <paramref name="value"/> is a valid target URL.</summary>
    public static FieldError? Validate(string? value, bool allowInsecure)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Error("The target URL is required.");
        }

        if (value.Length > MaxLength)
        {
            return Error($"The target URL must be at most {MaxLength} characters long.");
        }

        if (value.Any(char.IsWhiteSpace) || value.Any(char.IsControl))
        {
            return Error("The target URL must not contain spaces or control characters.");
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            // The rule names what this hub accepts: http:// is allowed only where insecure targets are (Development).
            return Error(allowInsecure
                ? "The target URL must be an absolute URL starting with https:// or http://."
                : "The target URL must be an absolute URL starting with https://.");
        }

        if (uri.Scheme != "https" && !allowInsecure)
        {
            return Error("The target URL must use HTTPS.");
        }

        if (string.IsNullOrEmpty(uri.Host))
        {
            return Error("The target URL must have a host.");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return Error("The target URL must not contain a user name or password; use a custom header instead.");
        }

        // The raw text decides: "https://example.com/?" has an empty Query but still carries a query.
        if (value.Contains('?'))
        {
            return Error("The target URL must not contain query parameters.");
        }

        if (value.Contains('#'))
        {
            return Error("The target URL must not contain a fragment.");
        }

        if (!allowInsecure)
        {
            if (IsLocalhost(uri.IdnHost))
            {
                return Error("The target URL's host must not be localhost.");
            }

            if (IsIpAddress(uri))
            {
                return Error("The target URL's host must be a domain name, not an IP address.");
            }
        }

        return null;
    }

    private static bool IsLocalhost(string host)
    {
        var trimmed = host.TrimEnd('.');
        return trimmed.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || trimmed.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
    }

    // Uri canonicalizes dotted, decimal, octal and hex IPv4 forms ("2130706433", "0x7f.1") to an IPv4 host type.
    private static bool IsIpAddress(Uri uri) =>
        uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6
        || IPAddress.TryParse(uri.DnsSafeHost.TrimEnd('.'), out _)
        || uri.Host.TrimEnd('.').Split('.').All(label => label.Length > 0 && IsNumericLabel(label));

    private static bool IsNumericLabel(string label) =>
        label.All(char.IsAsciiDigit)
        || (label.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && label.Length > 2 && label[2..].All(char.IsAsciiHexDigit));

    private static FieldError Error(string message) => new(Field, message);
}
