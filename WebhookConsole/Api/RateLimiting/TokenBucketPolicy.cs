namespace WebhookConsole.Api.RateLimiting;

/// <summary>
/// A per-organization token bucket: <paramref name="PerMinute"/> tokens are added each minute, evenly, up to
/// <paramref name="Burst"/>; a request takes one token per <paramref name="Unit"/> it counts.
/// </summary>
public sealed record TokenBucketPolicy(string Name, string Unit, int PerMinute, int Burst)
{
    /// <summary>SlashID's rule for the verification JWKS, 30 requests per minute per organization, bursts of 60.</summary>
    public static readonly TokenBucketPolicy VerificationJwks = new("verification-jwks", "requests", 30, 60);

    /// <summary>SlashID's rule for test events, 10 per minute per organization, bursts of 50; a request counts its events.</summary>
    public static readonly TokenBucketPolicy TestEvents = new("test-events", "test events", 10, 50);

    public double TokensPerSecond => PerMinute / 60.0;

    /// <summary>The rule in words, for the 429 message.</summary>
    public string Describe() => $"at most {PerMinute} {Unit} per minute per organization, with bursts of {Burst}";
}
