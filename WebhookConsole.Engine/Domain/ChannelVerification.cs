namespace WebhookConsole.Engine.Domain;

/// <summary>WebSub verification of intent for one channel of a <see cref="WebhookFormat.WebSub"/> webhook.</summary>
public sealed class ChannelVerification
{
    public long Id { get; set; }

    public Guid WebhookId { get; set; }

    /// <summary>The channel's topic slug (see <c>EventCatalog</c>).</summary>
    public required string Channel { get; set; }

    public VerificationState State { get; set; }

    /// <summary>Why the last request failed, in words an operator can act on.</summary>
    public string? Error { get; set; }

    public DateTimeOffset? LastAttemptAt { get; set; }

    /// <summary>When the accepted subscription's <c>hub.lease_seconds</c> runs out.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; set; }
}
