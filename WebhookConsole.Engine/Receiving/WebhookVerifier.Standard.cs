using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace WebhookConsole.Engine.Receiving;

public static partial class WebhookVerifier
{
    /// <summary>How far <c>webhook-timestamp</c> may be from the receiver's clock, either way, by default.</summary>
    public static readonly TimeSpan DefaultTimestampTolerance = TimeSpan.FromMinutes(5);

    private const string StandardSecretPrefix = "whsec_";
    private const long MaxUnixSeconds = 253_402_300_799; // 9999-12-31T23:59:59Z, DateTimeOffset's limit

    /// <summary>
    /// Checks a <c>standard</c> delivery (Standard Webhooks v1): the HMAC-SHA256 of <c>{webhook-id}.{webhook-timestamp}.{body}</c>,
    /// keyed with the base64-decoded part of the <c>whsec_</c> secret, must equal any one of the space-separated
    /// <c>v1,&lt;base64&gt;</c> signatures in <c>webhook-signature</c> (two while a rotated secret is in its grace
    /// period), and the timestamp must be within <paramref name="tolerance"/> of <paramref name="now"/>. A request
    /// without <c>webhook-signature</c> is checked by the <c>X-Webhook-ID</c>, <c>X-Webhook-Timestamp</c> and
    /// <c>X-Webhook-Signature: sha256=&lt;lowercase hex&gt;</c> instead (the same HMAC).
    /// </summary>
    /// <param name="secret">The webhook's secret: <c>whsec_</c> and base64 (the prefix may be left out).</param>
    /// <param name="headers">The request's headers; names are looked up case-insensitively whatever the dictionary's comparer.</param>
    /// <param name="body">The raw request body as received.</param>
    /// <param name="now">The receiver's current time.</param>
    /// <param name="tolerance">How old or how far in the future the timestamp may be; 5 minutes when null.</param>
    /// <returns>Valid, or the reason: a bad secret, a missing header, a stale or future timestamp, or no matching signature.</returns>
    public static WebhookVerificationResult VerifyStandard(
        string secret,
        IReadOnlyDictionary<string, string> headers,
        ReadOnlySpan<byte> body,
        DateTimeOffset now,
        TimeSpan? tolerance = null)
    {
        if (DecodeStandardSecret(secret) is not { } key)
        {
            return WebhookVerificationResult.Invalid("The secret is not whsec_ followed by base64.");
        }

        var signature = Header(headers, "webhook-signature");
        var standard = signature is not null;
        var prefix = standard ? "webhook-" : "X-Webhook-";
        signature ??= Header(headers, "X-Webhook-Signature");
        var id = Header(headers, prefix + "id");
        var timestamp = Header(headers, prefix + "timestamp");
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(id) || string.IsNullOrEmpty(timestamp))
        {
            return WebhookVerificationResult.Invalid("The request needs webhook-id, webhook-timestamp and webhook-signature headers.");
        }

        if (CheckTimestamp(timestamp, now, tolerance ?? DefaultTimestampTolerance) is { } stale)
        {
            return WebhookVerificationResult.Invalid(stale);
        }

        Span<byte> mac = stackalloc byte[Sha256Length];
        using (var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key))
        {
            hmac.AppendData(Encoding.UTF8.GetBytes($"{id}.{timestamp}."));
            hmac.AppendData(body);
            hmac.GetHashAndReset(mac);
        }

        var matches = standard
            ? AnyV1SignatureMatches(mac, signature)
            : signature.StartsWith(Sha256Prefix, StringComparison.Ordinal) && MatchesLowercaseHex(mac, signature.AsSpan(Sha256Prefix.Length));
        return matches
            ? WebhookVerificationResult.Valid
            : WebhookVerificationResult.Invalid(
                $"No signature in {prefix}signature matches: a wrong secret, or the id, timestamp or body changed on the way.");
    }

    // Every candidate is decoded and compared in constant time; garbage base64 simply matches nothing.
    private static bool AnyV1SignatureMatches(ReadOnlySpan<byte> mac, string signatures)
    {
        Span<byte> candidate = stackalloc byte[Sha256Length];
        var matched = false;
        foreach (var part in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            matched |= part.StartsWith("v1,", StringComparison.Ordinal)
                && Convert.TryFromBase64String(part[3..], candidate, out var written)
                && written == Sha256Length
                && CryptographicOperations.FixedTimeEquals(candidate, mac);
        }

        return matched;
    }

    private static string? CheckTimestamp(string timestamp, DateTimeOffset now, TimeSpan tolerance)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > MaxUnixSeconds)
        {
            return "The webhook timestamp is not a Unix time in seconds.";
        }

        var age = now - DateTimeOffset.FromUnixTimeSeconds(seconds);
        return age > tolerance
            ? $"The webhook timestamp is {age.TotalSeconds:0} s old, more than the {tolerance.TotalSeconds:0} s allowed (a replayed request, or a clock that is off)."
            : -age > tolerance
                ? $"The webhook timestamp is {-age.TotalSeconds:0} s in the future, more than the {tolerance.TotalSeconds:0} s allowed (a clock that is off)."
                : null;
    }

    // Standard Webhooks' reference libraries accept the secret with or without its whsec_ prefix.
    private static byte[]? DecodeStandardSecret(string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return null;
        }

        var encoded = secret.StartsWith(StandardSecretPrefix, StringComparison.Ordinal) ? secret[StandardSecretPrefix.Length..] : secret;
        var key = new byte[encoded.Length];
        return encoded.Length > 0 && Convert.TryFromBase64String(encoded, key, out var written) ? key[..written] : null;
    }

    private static string? Header(IReadOnlyDictionary<string, string>? headers, string name)
    {
        if (headers is null)
        {
            return null;
        }

        if (headers.TryGetValue(name, out var value))
        {
            return value;
        }

        foreach (var (key, candidate) in headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }

        return null;
    }
}
