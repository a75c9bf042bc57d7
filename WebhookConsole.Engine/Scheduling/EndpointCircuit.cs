namespace WebhookConsole.Engine.Scheduling;

/// <summary>An endpoint's circuit as the console and the API show it: its state, since when it is not closed, and the next probe.</summary>
public sealed record EndpointCircuit(CircuitState State, DateTimeOffset? Since, DateTimeOffset? NextProbeAt)
{
    /// <summary>What an endpoint without an <see cref="EndpointState"/> row reads as.</summary>
    public static readonly EndpointCircuit Closed = new(CircuitState.Closed, null, null);

    public static EndpointCircuit Of(EndpointState? state) => state is null || state.Circuit == CircuitState.Closed
        ? Closed
        : new EndpointCircuit(state.Circuit, state.CircuitSince, state.NextProbeAt);
}
