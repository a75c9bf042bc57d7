namespace WebhookConsole.Engine.Operations;

/// <summary>What went wrong that an operator should hear about outside the console.</summary>
public enum OperationalEventKind
{
    WebhookDisabled,
    DeliveryGivenUp,
    VerificationFailed,

    /// <summary>An endpoint failed repeatedly; its circuit opened and its deliveries wait.</summary>
    CircuitOpened,

    /// <summary>A probe succeeded; the endpoint's circuit closed and its deliveries resume.</summary>
    EndpointRecovered,

    /// <summary>Sent by Settings → Send test notification.</summary>
    Test,
}

/// <summary>One operational event: which webhook, what happened in a sentence (never a secret or a payload).</summary>
public sealed record OperationalEvent(
    OperationalEventKind Kind, Guid OrganizationId, Guid? WebhookId, string? WebhookName, string Message, DateTimeOffset OccurredAt, Guid? DeliveryId = null)
{
    /// <summary>The <c>type</c> of the operational webhook's body, e.g. <c>webhook.disabled</c>.</summary>
    public string Type => Kind switch
    {
        OperationalEventKind.WebhookDisabled => "webhook.disabled",
        OperationalEventKind.DeliveryGivenUp => "delivery.given_up",
        OperationalEventKind.VerificationFailed => "verification.failed",
        OperationalEventKind.CircuitOpened => "endpoint.circuit_opened",
        OperationalEventKind.EndpointRecovered => "endpoint.recovered",
        _ => "test",
    };

    /// <summary>A title for Slack and the email subject.</summary>
    public string Title => Kind switch
    {
        OperationalEventKind.WebhookDisabled => $"Webhook {WebhookName ?? WebhookId?.ToString()} disabled",
        OperationalEventKind.DeliveryGivenUp => $"Delivery to webhook {WebhookName} given up",
        OperationalEventKind.VerificationFailed => $"Verification of webhook {WebhookName} failed",
        OperationalEventKind.CircuitOpened => $"Circuit of webhook {WebhookName} opened",
        OperationalEventKind.EndpointRecovered => $"Webhook {WebhookName} recovered",
        _ => "Test notification",
    };
}
