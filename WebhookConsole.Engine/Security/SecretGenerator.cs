using System.Security.Cryptography;

namespace WebhookConsole.Engine.Security;

/// <summary>Random secrets and keys with enough entropy to be unguessable.</summary>
public static class SecretGenerator
{
    /// <summary>A webhook HMAC secret: 32 random bytes, base64url (43 characters).</summary>
    public static string NewWebhookSecret() => Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>An API key: <c>whc_</c> followed by 32 random bytes, base64url.</summary>
    public static string NewApiKey() => "whc_" + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>The last four characters of a secret, for its masked form.</summary>
    public static string Hint(string secret) => secret.Length <= 4 ? "" : secret[^4..];

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
