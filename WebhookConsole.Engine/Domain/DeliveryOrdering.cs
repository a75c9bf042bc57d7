namespace WebhookConsole.Engine.Domain;

/// <summary>In which order an endpoint's deliveries are sent.</summary>
public enum DeliveryOrdering
{
    /// <summary>Concurrently, oldest due first; a failing delivery is retried while later ones go ahead.</summary>
    None,

    /// <summary>One at a time in acceptance order; a failing head holds back the line until it succeeds or finally fails.</summary>
    Fifo,
}

/// <summary>Wire names of <see cref="DeliveryOrdering"/>: <c>none</c>, <c>fifo</c>.</summary>
public static class DeliveryOrderingNames
{
    public static string ToWire(this DeliveryOrdering ordering) => ordering == DeliveryOrdering.Fifo ? "fifo" : "none";

    public static bool TryParse(string? value, out DeliveryOrdering ordering)
    {
        ordering = value switch { "none" => DeliveryOrdering.None, "fifo" => DeliveryOrdering.Fifo, _ => (DeliveryOrdering)(-1) };
        return Enum.IsDefined(ordering);
    }
}
