using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Scheduling;

namespace WebhookConsole.Tests.Engine.Scheduling;

public sealed class CircuitBreakerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(AttemptError.Timeout, null, true)]
    [InlineData(AttemptError.Connection, null, true)]
    [InlineData(AttemptError.Tls, null, true)]
    [InlineData(AttemptError.NonSuccessStatus, 500, true)]
    [InlineData(AttemptError.NonSuccessStatus, 503, true)]
    [InlineData(AttemptError.NonSuccessStatus, 429, false)]
    [InlineData(AttemptError.NonSuccessStatus, 404, false)]
    [InlineData(AttemptError.Redirect, 302, false)]
    [InlineData(AttemptError.None, 200, false)]
    public void CountsAsFailure_ByKindOfError_OnlyEndpointTroubleCounts(AttemptError error, int? status, bool counts)
    {
        var attempt = new Attempt { RequestUrl = "https://x.test", RequestHeaders = "{}", RequestBody = "", Error = error, ResponseStatus = status };

        Assert.Equal(counts, CircuitBreaker.CountsAsFailure(attempt));
    }

    [Fact]
    public void Record_FiveFailuresInARow_OpensWithAThirtySecondCoolDown()
    {
        var state = new EndpointState();

        var transitions = Enumerable.Range(0, 5).Select(i => CircuitBreaker.Record(state, failed: true, T0.AddSeconds(i))).ToList();

        Assert.Equal([CircuitTransition.None, CircuitTransition.None, CircuitTransition.None, CircuitTransition.None, CircuitTransition.Opened], transitions);
        Assert.Equal(CircuitState.Open, state.Circuit);
        Assert.Equal(T0.AddSeconds(4), state.CircuitSince);
        Assert.Equal(T0.AddSeconds(34), state.NextProbeAt);
    }

    [Fact]
    public void Record_ASuccessBetweenFailures_StartsTheCountAgain()
    {
        var state = new EndpointState();
        for (var i = 0; i < 4; i++)
        {
            CircuitBreaker.Record(state, failed: true, T0);
        }

        CircuitBreaker.Record(state, failed: false, T0);
        var afterFourMore = Enumerable.Range(0, 4).Select(_ => CircuitBreaker.Record(state, failed: true, T0)).ToList();

        Assert.All(afterFourMore, t => Assert.Equal(CircuitTransition.None, t));
        Assert.Equal(CircuitState.Closed, state.Circuit);
    }

    [Fact]
    public void Allowance_OpenCircuit_NothingUntilTheCoolDownEndsThenOneProbe()
    {
        var state = Opened();

        Assert.Equal(0, CircuitBreaker.Allowance(state, T0.AddSeconds(29)));
        Assert.Equal(1, CircuitBreaker.Allowance(state, T0.AddSeconds(30)));
        CircuitBreaker.TakeProbe(state, T0.AddSeconds(30), TimeSpan.FromSeconds(50));
        Assert.Equal(CircuitState.HalfOpen, state.Circuit);
        Assert.Equal(0, CircuitBreaker.Allowance(state, T0.AddSeconds(31)));
        Assert.Null(CircuitBreaker.Allowance(new EndpointState(), T0));
    }

    [Fact]
    public void Record_FailedProbes_DoubleTheCoolDownUpToTenMinutes()
    {
        var state = Opened();
        var coolDowns = new List<TimeSpan>();
        var now = T0;
        for (var i = 0; i < 7; i++)
        {
            now = state.NextProbeAt!.Value;
            CircuitBreaker.TakeProbe(state, now, TimeSpan.FromSeconds(50));
            Assert.Equal(CircuitTransition.ProbeFailed, CircuitBreaker.Record(state, failed: true, now));
            coolDowns.Add(state.CoolDown);
        }

        Assert.Equal([60, 120, 240, 480, 600, 600, 600], coolDowns.Select(c => (int)c.TotalSeconds));
        Assert.Equal(now + TimeSpan.FromMinutes(10), state.NextProbeAt);
        Assert.Equal(T0, state.CircuitSince);
    }

    [Fact]
    public void Record_ProbeSucceeds_ClosesAndForgetsTheSpell()
    {
        var state = Opened();
        CircuitBreaker.TakeProbe(state, T0.AddSeconds(30), TimeSpan.FromSeconds(50));

        var transition = CircuitBreaker.Record(state, failed: false, T0.AddSeconds(31));

        Assert.Equal(CircuitTransition.Recovered, transition);
        Assert.Equal(CircuitState.Closed, state.Circuit);
        Assert.Null(state.CircuitSince);
        Assert.Null(state.NextProbeAt);
        Assert.Equal(0, state.ConsecutiveFailures);
    }

    private static EndpointState Opened()
    {
        var state = new EndpointState();
        for (var i = 0; i < CircuitBreaker.FailureThreshold; i++)
        {
            CircuitBreaker.Record(state, failed: true, T0);
        }

        return state;
    }
}
