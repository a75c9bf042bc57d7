namespace WebhookConsole.Engine.Domain;

/// <summary>Whether a webhook receives deliveries.</summary>
public enum WebhookStatus
{
    Inactive,

    /// <summary>Switched on; WebSub verification of intent is under way for some channel.</summary>
    Activating,

    Active,

    /// <summary>Switched off; unsubscription requests are under way. Receives nothing.</summary>
    Deactivating,

    /// <summary>Switched off by the engine (e.g. the receiver answered 410); <see cref="Webhook.DisabledReason"/> says why.</summary>
    Disabled,
}

/// <summary>Words the console and the API show for a <see cref="WebhookStatus"/>.</summary>
public static class WebhookStatusText
{
    public static string ToWord(this WebhookStatus status) => status switch
    {
        WebhookStatus.Inactive => "inactive",
        WebhookStatus.Activating => "activating",
        WebhookStatus.Active => "active",
        WebhookStatus.Deactivating => "deactivating",
        WebhookStatus.Disabled => "disabled",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>True while the operator wants the webhook on (the console's <c>Active</c> switch).</summary>
    public static bool IsSwitchedOn(this WebhookStatus status) => status is WebhookStatus.Active or WebhookStatus.Activating;
}
