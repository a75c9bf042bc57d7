namespace WebhookConsole.Engine.Domain;

/// <summary>Where WebSub verification of intent stands for one channel of a webhook (design.md).</summary>
public enum VerificationState
{
    SubscriptionPending,
    SubscriptionAccepted,
    SubscriptionError,
    UnsubscriptionPending,
    UnsubscriptionAccepted,
    UnsubscriptionError,
}

/// <summary>Helpers over <see cref="VerificationState"/>.</summary>
public static class VerificationStateText
{
    /// <summary>The badge word in the console: <c>accepted</c>, <c>pending</c> or <c>error</c>.</summary>
    public static string ToBadgeWord(this VerificationState state) => state switch
    {
        VerificationState.SubscriptionAccepted or VerificationState.UnsubscriptionAccepted => "accepted",
        VerificationState.SubscriptionPending or VerificationState.UnsubscriptionPending => "pending",
        _ => "error",
    };

    /// <summary>The snake_case name used by the API (design.md).</summary>
    public static string ToWire(this VerificationState state) => state switch
    {
        VerificationState.SubscriptionPending => "subscription_pending",
        VerificationState.SubscriptionAccepted => "subscription_accepted",
        VerificationState.SubscriptionError => "subscription_error",
        VerificationState.UnsubscriptionPending => "unsubscription_pending",
        VerificationState.UnsubscriptionAccepted => "unsubscription_accepted",
        VerificationState.UnsubscriptionError => "unsubscription_error",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    public static bool IsPending(this VerificationState state) =>
        state is VerificationState.SubscriptionPending or VerificationState.UnsubscriptionPending;

    public static bool IsSubscribe(this VerificationState state) =>
        state is VerificationState.SubscriptionPending or VerificationState.SubscriptionAccepted or VerificationState.SubscriptionError;
}
