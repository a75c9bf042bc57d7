namespace WebhookConsole.Engine.Receiving;

/// <summary>The outcome of verifying a <c>jwt</c> delivery: its claims when valid, or the reason it is not.</summary>
/// <param name="IsValid">True when the signature, issuer, audience, expiry and target URL all check out.</param>
/// <param name="Error">Why verification failed; null when valid.</param>
/// <param name="Claims">The verified claims; null unless <paramref name="IsValid"/>.</param>
/// <param name="UnknownKey">
/// True when the token's <c>kid</c> is not in the key set given: fetch the JWKS again (the hub rotated its key)
/// and retry once before rejecting the request.
/// </param>
public sealed record JwtVerificationResult(bool IsValid, string? Error, WebhookJwtClaims? Claims, bool UnknownKey = false)
{
    /// <summary>A valid token and its claims.</summary>
    public static JwtVerificationResult Valid(WebhookJwtClaims claims) => new(true, null, claims);

    /// <summary>A failed verification and its reason.</summary>
    public static JwtVerificationResult Invalid(string error) => new(false, error, null);
}
