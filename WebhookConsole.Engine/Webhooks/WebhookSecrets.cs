using System.Security.Cryptography;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Webhooks;

/// <summary>
/// HMAC secrets per format. <c>standard</c> follows Standard Webhooks: <c>whsec_</c> and the base64 of 24 to 64
/// random bytes, the decoded bytes being the key. <c>websub</c> secrets are any 16 to 200 printable characters,
/// used as UTF-8 (Asgardeo's WebSub guide). <c>jwt</c> webhooks are signed with the organization's key and need no secret.
/// </summary>
public static class WebhookSecrets
{
    public const string Field = "secret";
    public const string StandardPrefix = "whsec_";
    public const int MinLength = 16;
    public const int MaxLength = 200;

    public static string Generate(WebhookFormat format) => format == WebhookFormat.Standard
        ? StandardPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        : Security.SecretGenerator.NewWebhookSecret();

    public static FieldError? Validate(WebhookFormat format, string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return null;
        }

        if (format == WebhookFormat.Jwt)
        {
            return Error("A jwt webhook is signed with the organization's signing key; leave the secret empty.");
        }

        if (format == WebhookFormat.Standard)
        {
            return TryDecodeStandard(secret, out var key) && key.Length is >= 24 and <= 64
                ? null
                : Error("A standard webhook's secret must be whsec_ followed by the base64 of 24 to 64 bytes, or empty to generate one.");
        }

        if (secret.Length is < MinLength or > MaxLength)
        {
            return Error($"The secret must be between {MinLength} and {MaxLength} characters long, or empty to generate one.");
        }

        return secret.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))
            ? Error("The secret must not contain spaces or control characters.")
            : null;
    }

    /// <summary>The HMAC key bytes of a standard secret.</summary>
    public static bool TryDecodeStandard(string secret, out byte[] key)
    {
        key = [];
        if (!secret.StartsWith(StandardPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            key = Convert.FromBase64String(secret[StandardPrefix.Length..]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static FieldError Error(string message) => new(Field, message);
}
