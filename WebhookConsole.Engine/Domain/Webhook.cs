namespace WebhookConsole.Engine.Domain;

/// <summary>A receiver's endpoint and how to call it.</summary>
public sealed class Webhook
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    public required string Name { get; set; }

    public string Description { get; set; } = "";

    public required string TargetUrl { get; set; }

    public WebhookFormat Format { get; set; }

    /// <summary>The HMAC secret, encrypted with Data Protection. Never leaves the engine in clear except once at creation.</summary>
    public string? ProtectedSecret { get; set; }

    /// <summary>The secret before the last rotation, encrypted; still signs (as a second signature) until <see cref="PreviousSecretExpiresAt"/>.</summary>
    public string? PreviousProtectedSecret { get; set; }

    public DateTimeOffset? PreviousSecretExpiresAt { get; set; }

    /// <summary>The secret's last four characters, for the masked form <c>****a1b2</c>.</summary>
    public string SecretHint { get; set; } = "";

    /// <summary>Custom headers (name to values) as JSON, encrypted with Data Protection.</summary>
    public string? ProtectedCustomHeaders { get; set; }

    /// <summary>Request timeout; zero means the defaults (10 s for events, 2 s for sync hooks).</summary>
    public TimeSpan Timeout { get; set; }

    /// <summary>A hard cap on requests in flight to this endpoint across every node; null leaves only the fair share.</summary>
    public int? MaxInFlight { get; set; }

    /// <summary>The most requests a second the engine sends to this endpoint across every node; null for no limit.</summary>
    public int? RateLimitPerSecond { get; set; }

    /// <summary>Whether deliveries go out one at a time in the order their events were accepted.</summary>
    public DeliveryOrdering Ordering { get; set; }

    public WebhookStatus Status { get; set; }

    public string? DisabledReason { get; set; }

    /// <summary>Since when every attempt has failed; cleared by a success. The auto-disable check reads it.</summary>
    public DateTimeOffset? FailingSince { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<Subscription> Subscriptions { get; set; } = [];

    public List<ChannelVerification> Verifications { get; set; } = [];

    public string MaskedSecret => SecretHint.Length == 0 ? "" : $"****{SecretHint}";
}
