namespace WebhookConsole.Engine.Configuration;

/// <summary>ES256 key rotation (configuration section <c>Signing</c>).</summary>
public sealed class SigningOptions
{
    public const string Section = "Signing";

    /// <summary>How long a retired key stays in the JWKS after rotation, so in-flight and cached verifications keep working.</summary>
    public TimeSpan RetiredKeyOverlap { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a rotated webhook secret keeps signing beside the new one (<c>standard</c> format).</summary>
    public TimeSpan SecretRotationGrace { get; set; } = TimeSpan.FromHours(24);
}
