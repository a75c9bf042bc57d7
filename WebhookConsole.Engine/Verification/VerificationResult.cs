namespace WebhookConsole.Engine.Verification;

/// <summary>The subscriber's answer to one verification request; <see cref="Error"/> is null when it confirmed.</summary>
public sealed record VerificationResult(string? Error)
{
    public static readonly VerificationResult Accepted = new((string?)null);

    public bool IsAccepted => Error is null;
}
