namespace WebhookConsole.Engine.Scheduling;

/// <summary>
/// What the scheduler shares about one endpoint across every node: its circuit and its rate limit's token bucket.
/// A row exists only once something happened (a failure, a rate-limited claim); no row reads as closed and full.
/// </summary>
public sealed class EndpointState
{
    public Guid WebhookId { get; set; }

    public CircuitState Circuit { get; set; }

    /// <summary>When the circuit entered its current non-closed spell (first opened); null while closed.</summary>
    public DateTimeOffset? CircuitSince { get; set; }

    /// <summary>When an open circuit lets one probe through (for a half-open one: when a lost probe may be replaced).</summary>
    public DateTimeOffset? NextProbeAt { get; set; }

    /// <summary>The current cool-down: 30 s at the first opening, doubled by each failed probe up to 10 minutes.</summary>
    public TimeSpan CoolDown { get; set; }

    /// <summary>Failures (timeouts, connection and TLS errors, 5xx) since the last success.</summary>
    public int ConsecutiveFailures { get; set; }

    /// <summary>Tokens left in the rate limit's bucket at <see cref="TokensAt"/>.</summary>
    public double Tokens { get; set; }

    public DateTimeOffset? TokensAt { get; set; }
}
