using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace WebhookConsole.Engine.Receiving;

public static partial class WebhookVerifier
{
    // A delivery may carry 256 KiB of event payload: base64url makes that more than IdentityModel's 256,000-byte default.
    private const int MaxTokenBytes = 1024 * 1024;

    private static readonly string[] RequiredStringClaims = ["jti", "sub", "webhook_id", "target_url", "trigger_type", "trigger_name"];

    /// <summary>
    /// Verifies a <c>jwt</c> delivery (SlashID's webhooks guide): the body is a compact ES256 JWS whose <c>kid</c> names a key of the
    /// organization's JWKS. Checks the signature, <c>aud</c> (the organization id), <c>iss</c> (the hub's base URL),
    /// <c>exp</c> against <paramref name="now"/> and <c>target_url</c>, and returns the claims.
    /// </summary>
    /// <param name="token">The request body as text (content type <c>application/jwt</c>).</param>
    /// <param name="jwksJson">
    /// The body of <c>GET {base}/organizations/webhooks/verification-jwks</c> (sent with <c>SlashID-OrgID</c>).
    /// Cache it: the endpoint is rate limited. Fetch it again only when the result says <see cref="JwtVerificationResult.UnknownKey"/>.
    /// </param>
    /// <param name="expectedOrganizationId">Your organization id, which <c>aud</c> must be.</param>
    /// <param name="expectedIssuer">The hub's base URL you fetched the JWKS from (no trailing slash), which <c>iss</c> must be.</param>
    /// <param name="expectedTargetUrl">The URL this receiver is registered under, which <c>target_url</c> must be exactly.</param>
    /// <param name="now">The receiver's current time; the token is refused from its <c>exp</c> on.</param>
    /// <returns>The claims, or the reason the token was refused.</returns>
    public static async Task<JwtVerificationResult> VerifyJwtAsync(
        string token,
        string jwksJson,
        string expectedOrganizationId,
        string expectedIssuer,
        string expectedTargetUrl,
        DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(expectedOrganizationId) || string.IsNullOrEmpty(expectedIssuer) || string.IsNullOrEmpty(expectedTargetUrl))
        {
            return JwtVerificationResult.Invalid("The expected organization id, issuer and target URL are all needed to verify a token.");
        }

        if (ReadKeySet(jwksJson) is not { } keySet)
        {
            return JwtVerificationResult.Invalid("The JWKS is not a JSON Web Key Set.");
        }

        token = token?.Trim() ?? "";
        if (ReadUnverified(token) is not { } unverified)
        {
            return JwtVerificationResult.Invalid("The body is not a compact JWS (header.payload.signature).");
        }

        if (unverified.Alg != SecurityAlgorithms.EcdsaSha256)
        {
            return JwtVerificationResult.Invalid($"The token's alg is '{unverified.Alg}', not ES256.");
        }

        if (string.IsNullOrEmpty(unverified.Kid) || !keySet.Keys.Any(k => k.Kid == unverified.Kid))
        {
            return new JwtVerificationResult(false,
                $"The token's key '{unverified.Kid}' is not in the JWKS: fetch the JWKS again (the hub may have rotated its key) and retry.", null, UnknownKey: true);
        }

        var handler = new JsonWebTokenHandler { MaximumTokenSizeInBytes = MaxTokenBytes };
        var validation = await handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKeys = keySet.GetSigningKeys(),
            TryAllIssuerSigningKeys = false,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            ValidAudience = expectedOrganizationId,
            ValidIssuer = expectedIssuer,
            // Checked below against the caller's clock rather than the machine's.
            ValidateLifetime = false,
        });
        if (!validation.IsValid)
        {
            return JwtVerificationResult.Invalid(Describe(validation.Exception));
        }

        return ReadClaims((JsonWebToken)validation.SecurityToken, expectedTargetUrl, now);
    }

    private static JwtVerificationResult ReadClaims(JsonWebToken jwt, string expectedTargetUrl, DateTimeOffset now)
    {
        if (!jwt.TryGetPayloadValue<long>("exp", out var exp) || exp is < 0 or > MaxUnixSeconds
            || !jwt.TryGetPayloadValue<long>("iat", out var iat) || iat is < 0 or > MaxUnixSeconds)
        {
            return JwtVerificationResult.Invalid("The token has no valid exp or iat claim.");
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(exp);
        if (now >= expiresAt)
        {
            return JwtVerificationResult.Invalid($"The token expired at {expiresAt:u}; it is now {now.ToUniversalTime():u}.");
        }

        var claims = new Dictionary<string, string>();
        foreach (var name in RequiredStringClaims)
        {
            if (!jwt.TryGetPayloadValue<string>(name, out var value) || string.IsNullOrEmpty(value))
            {
                return JwtVerificationResult.Invalid($"The token has no {name} claim.");
            }

            claims[name] = value;
        }

        if (!string.Equals(claims["target_url"], expectedTargetUrl, StringComparison.Ordinal))
        {
            return JwtVerificationResult.Invalid($"The token's target_url '{claims["target_url"]}' is not this receiver's URL '{expectedTargetUrl}'.");
        }

        if (!jwt.TryGetPayloadValue<JsonElement>("trigger_content", out var content))
        {
            return JwtVerificationResult.Invalid("The token has no trigger_content claim.");
        }

        return JwtVerificationResult.Valid(new WebhookJwtClaims(
            claims["jti"], claims["sub"], claims["webhook_id"], claims["target_url"], claims["trigger_type"], claims["trigger_name"],
            content.Clone(), DateTimeOffset.FromUnixTimeSeconds(iat), expiresAt));
    }

    private static JsonWebKeySet? ReadKeySet(string? json)
    {
        try
        {
            return string.IsNullOrWhiteSpace(json) ? null : new JsonWebKeySet(json);
        }
        catch (Exception ex) when (ex is ArgumentException or JsonException)
        {
            return null;
        }
    }

    private static JsonWebToken? ReadUnverified(string token)
    {
        try
        {
            return token.Length == 0 ? null : new JsonWebToken(token);
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenException or JsonException or FormatException)
        {
            return null;
        }
    }

    // IdentityModel hides details in its messages (PII logging is off); say what failed in words a receiver can act on.
    private static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenSignatureKeyNotFoundException => "No key in the JWKS verifies the token.",
        SecurityTokenInvalidSignatureException => "The token's signature does not verify: the token was changed, or signed by another key.",
        SecurityTokenInvalidAudienceException => "The token's aud is not your organization id.",
        SecurityTokenInvalidIssuerException => "The token's iss is not the hub's base URL you expected.",
        SecurityTokenInvalidAlgorithmException => "The token is not signed with ES256.",
        SecurityTokenMalformedException => "The token is malformed.",
        null => "The token is invalid.",
        _ => $"The token is invalid ({exception.GetType().Name}).",
    };
}
