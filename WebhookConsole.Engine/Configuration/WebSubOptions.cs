namespace WebhookConsole.Engine.Configuration;

/// <summary>WebSub verification of intent (configuration section <c>WebSub</c>).</summary>
public sealed class WebSubOptions
{
    public const string Section = "WebSub";

    /// <summary><c>hub.lease_seconds</c> sent with every subscription (Asgardeo's WebSub guide: 864000, ten days).</summary>
    public int LeaseSeconds { get; set; } = 864000;

    /// <summary>How long the hub waits for the subscriber's answer to a verification request.</summary>
    public TimeSpan VerificationTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
