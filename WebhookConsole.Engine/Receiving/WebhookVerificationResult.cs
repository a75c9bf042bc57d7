namespace WebhookConsole.Engine.Receiving;

/// <summary>The answer to "did WebhookConsole send this request?": valid, or the reason it is not.</summary>
/// <param name="IsValid">True when the request is authentic and fresh enough to process.</param>
/// <param name="Error">Why verification failed, in a sentence fit for the receiver's log; null when valid.</param>
public sealed record WebhookVerificationResult(bool IsValid, string? Error)
{
    /// <summary>The one valid result.</summary>
    public static WebhookVerificationResult Valid { get; } = new(true, null);

    /// <summary>A failed verification and its reason.</summary>
    public static WebhookVerificationResult Invalid(string error) => new(false, error);
}
