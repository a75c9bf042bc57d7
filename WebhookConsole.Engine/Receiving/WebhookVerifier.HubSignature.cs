using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace WebhookConsole.Engine.Receiving;

/// <summary>
/// Verifies requests from WebhookConsole on the receiving side, for .NET receivers: <c>x-hub-signature</c>
/// (<c>websub</c>), Standard Webhooks (<c>standard</c>), ES256 JWTs (<c>jwt</c>) and the WebSub
/// <c>hub.challenge</c>. Depends only on the BCL and Microsoft.IdentityModel.JsonWebTokens, so the
/// <c>Receiving</c> folder can be copied into a receiver. Never throws for bad input: every method answers
/// with a result that says why a request was refused.
/// </summary>
/// <remarks>Always verify the raw request body, byte for byte, before parsing it.</remarks>
public static partial class WebhookVerifier
{
    /// <summary>The header that carries a <c>websub</c> delivery's signature.</summary>
    public const string HubSignatureHeader = "x-hub-signature";

    private const string Sha256Prefix = "sha256=";
    private const int Sha256Length = 32;

    /// <summary>
    /// Checks a <c>websub</c> delivery's <c>x-hub-signature: sha256=&lt;hex&gt;</c> header against the lowercase hex
    /// HMAC-SHA256 of the raw <paramref name="body"/>, keyed with <paramref name="secret"/> as UTF-8 bytes (Asgardeo's WebSub guide).
    /// </summary>
    /// <param name="secret">The webhook's secret, exactly as it was set or generated.</param>
    /// <param name="body">The raw request body as received.</param>
    /// <param name="header">The <c>x-hub-signature</c> header value, or null when the request had none.</param>
    /// <returns>Valid, or the reason: no header, another algorithm, or a signature that does not match.</returns>
    public static WebhookVerificationResult VerifyHubSignature(string secret, ReadOnlySpan<byte> body, string? header)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return WebhookVerificationResult.Invalid("No secret was given to verify x-hub-signature with.");
        }

        if (string.IsNullOrEmpty(header))
        {
            return WebhookVerificationResult.Invalid("The request has no x-hub-signature header.");
        }

        if (!header.StartsWith(Sha256Prefix, StringComparison.Ordinal))
        {
            return WebhookVerificationResult.Invalid("The x-hub-signature header is not of the form sha256=<hex>.");
        }

        Span<byte> mac = stackalloc byte[Sha256Length];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, mac);
        return MatchesLowercaseHex(mac, header.AsSpan(Sha256Prefix.Length))
            ? WebhookVerificationResult.Valid
            : WebhookVerificationResult.Invalid(
                "The x-hub-signature does not match the body: a wrong secret, or a body changed (or re-serialized) on the way.");
    }

    // Compared as text in constant time: the hub writes lowercase hex, so any other spelling is not a signature it made.
    private static bool MatchesLowercaseHex(ReadOnlySpan<byte> mac, ReadOnlySpan<char> given)
    {
        Span<char> expected = stackalloc char[Sha256Length * 2];
        Convert.TryToHexStringLower(mac, expected, out _);
        return CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes((ReadOnlySpan<char>)expected), MemoryMarshal.AsBytes(given));
    }
}
