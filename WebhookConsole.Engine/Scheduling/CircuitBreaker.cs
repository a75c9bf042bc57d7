using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Scheduling;

/// <summary>
/// The circuit breaker of one endpoint, as pure state transitions. Five failures in a row (timeouts, connection and
/// TLS errors, 5xx answers; never a 429, whose <c>Retry-After</c> already paces the retries) open the circuit: the
/// endpoint's deliveries then wait, in order and unfailed, and after a cool-down one probe goes out. A probe that
/// succeeds closes the circuit; one that fails doubles the cool-down (30 s, 1, 2, 4, 8 and at most 10 minutes).
/// </summary>
public static class CircuitBreaker
{
    public const int FailureThreshold = 5;
    public static readonly TimeSpan FirstCoolDown = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MaxCoolDown = TimeSpan.FromMinutes(10);

    /// <summary>Whether an attempt's failure says the endpoint is in trouble (rather than refusing this one request).</summary>
    public static bool CountsAsFailure(Attempt attempt) =>
        attempt.Error is AttemptError.Timeout or AttemptError.Connection or AttemptError.Tls
        || (attempt.Error == AttemptError.NonSuccessStatus && attempt.ResponseStatus >= 500);

    /// <summary>Applies one attempt's outcome to <paramref name="state"/>; returns the transition it caused, if any.</summary>
    public static CircuitTransition Record(EndpointState state, bool failed, DateTimeOffset now)
    {
        if (!failed)
        {
            state.ConsecutiveFailures = 0;
            if (state.Circuit == CircuitState.Closed)
            {
                return CircuitTransition.None;
            }

            state.Circuit = CircuitState.Closed;
            state.CircuitSince = null;
            state.NextProbeAt = null;
            state.CoolDown = TimeSpan.Zero;
            return CircuitTransition.Recovered;
        }

        state.ConsecutiveFailures++;
        switch (state.Circuit)
        {
            case CircuitState.Closed when state.ConsecutiveFailures >= FailureThreshold:
                state.Circuit = CircuitState.Open;
                state.CircuitSince = now;
                state.CoolDown = FirstCoolDown;
                state.NextProbeAt = now + FirstCoolDown;
                return CircuitTransition.Opened;
            case CircuitState.HalfOpen:
                state.Circuit = CircuitState.Open;
                state.CoolDown = state.CoolDown * 2 < MaxCoolDown ? state.CoolDown * 2 : MaxCoolDown;
                state.NextProbeAt = now + state.CoolDown;
                return CircuitTransition.ProbeFailed;
            default:
                // Open: a request sent before the circuit opened failed too; nothing changes.
                return CircuitTransition.None;
        }
    }

    /// <summary>
    /// How many requests the circuit lets through now: null when closed (no limit of its own), 0 while cooling down,
    /// 1 for the probe once the cool-down is over. <see cref="TakeProbe"/> marks the probe as sent.
    /// </summary>
    public static int? Allowance(EndpointState? state, DateTimeOffset now) =>
        state is null || state.Circuit == CircuitState.Closed ? null
        : now >= state.NextProbeAt ? 1
        : 0;

    /// <summary>
    /// The probe was claimed: the circuit is half open until its answer. Should the answer never come (the node
    /// died), another probe may go after <paramref name="probeLease"/>.
    /// </summary>
    public static void TakeProbe(EndpointState state, DateTimeOffset now, TimeSpan probeLease)
    {
        state.Circuit = CircuitState.HalfOpen;
        state.NextProbeAt = now + probeLease;
    }
}

/// <summary>What one outcome did to a circuit.</summary>
public enum CircuitTransition
{
    None,
    Opened,
    ProbeFailed,
    Recovered,
}
