using System.Text.RegularExpressions;

namespace WebhookConsole.Engine.Organizations;

/// <summary>The rule for an organization's handle, the root domain of its WebSub topics.</summary>
public static partial class OrganizationHandle
{
    public const string Rule = "The organization handle must be 1 to 63 lowercase letters, digits or hyphens, starting with a letter or digit.";

    /// <summary>The handle as stored: trimmed and lower-cased.</summary>
    public static string Normalize(string? handle) => (handle ?? "").Trim().ToLowerInvariant();

    public static bool IsValid(string? handle) => Pattern().IsMatch(Normalize(handle));

    // The handle starts every WebSub topic, whose parts are separated by dots: no dots in it.
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex Pattern();
}
