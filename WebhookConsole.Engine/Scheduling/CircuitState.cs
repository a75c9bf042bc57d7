namespace WebhookConsole.Engine.Scheduling;

/// <summary>An endpoint's circuit: closed (sending), open (holding its deliveries back), half open (one probe in flight).</summary>
public enum CircuitState
{
    Closed,
    Open,
    HalfOpen,
}

/// <summary>Wire names of <see cref="CircuitState"/>: <c>closed</c>, <c>open</c>, <c>half_open</c>.</summary>
public static class CircuitStateNames
{
    public static string ToWire(this CircuitState state) => state switch
    {
        CircuitState.Open => "open",
        CircuitState.HalfOpen => "half_open",
        _ => "closed",
    };
}
