namespace WebhookConsole.Engine.Domain;

/// <summary>Where one event's delivery to one webhook stands. The deliveries table is the queue.</summary>
public enum DeliveryStatus
{
    Pending,
    InFlight,
    Retrying,
    Succeeded,

    /// <summary>Given up after the retry schedule ran out.</summary>
    Failed,
    Cancelled,
}

/// <summary>Words the console and the API show for a <see cref="DeliveryStatus"/>.</summary>
public static class DeliveryStatusText
{
    public static string ToWord(this DeliveryStatus status) => status switch
    {
        DeliveryStatus.Pending => "pending",
        DeliveryStatus.InFlight => "in_flight",
        DeliveryStatus.Retrying => "retrying",
        DeliveryStatus.Succeeded => "succeeded",
        DeliveryStatus.Failed => "failed",
        DeliveryStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };
}
