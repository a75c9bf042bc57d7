using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Scheduling;

namespace WebhookConsole.Tests.Engine.Scheduling;

public sealed class EndpointPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Quota_NoSettings_WhatTheProcessHasRoomFor()
    {
        Assert.Equal(40, Policy().Quota(null, inFlight: 100, room: 40, T0));
    }

    [Fact]
    public void Quota_Capped_CountsEveryNodesLeasedRows()
    {
        Assert.Equal(1, Policy(maxInFlight: 4).Quota(null, inFlight: 3, room: 40, T0));
        Assert.Equal(0, Policy(maxInFlight: 4).Quota(null, inFlight: 4, room: 40, T0));
    }

    [Fact]
    public void Quota_Fifo_OneAtATimeAndNoneWhileTheHeadIsOut()
    {
        Assert.Equal(1, Policy(ordering: DeliveryOrdering.Fifo).Quota(null, inFlight: 0, room: 40, T0));
        Assert.Equal(0, Policy(ordering: DeliveryOrdering.Fifo).Quota(null, inFlight: 1, room: 40, T0));
    }

    [Fact]
    public void Quota_RateLimited_WhatTheBucketHolds()
    {
        var state = new EndpointState { Tokens = 2.5, TokensAt = T0 };

        Assert.Equal(2, Policy(rate: 10).Quota(state, inFlight: 0, room: 40, T0));
        Assert.Equal(10, Policy(rate: 10).Quota(null, inFlight: 0, room: 40, T0));
    }

    [Fact]
    public void Quota_CircuitOpen_NothingUntilTheProbe()
    {
        var state = new EndpointState { Circuit = CircuitState.Open, NextProbeAt = T0.AddSeconds(30) };

        Assert.Equal(0, Policy().Quota(state, inFlight: 0, room: 40, T0));
        Assert.Equal(1, Policy().Quota(state, inFlight: 0, room: 40, T0.AddSeconds(30)));
    }

    [Fact]
    public void Quota_WebhookSwitchedOff_ClaimsEverythingToCancelIt()
    {
        var state = new EndpointState { Circuit = CircuitState.Open, NextProbeAt = T0.AddSeconds(30) };

        Assert.Equal(40, (Policy(maxInFlight: 1) with { Status = WebhookStatus.Inactive }).Quota(state, inFlight: 1, room: 40, T0));
    }

    private static EndpointPolicy Policy(int? maxInFlight = null, int? rate = null, DeliveryOrdering ordering = DeliveryOrdering.None) =>
        new(Guid.NewGuid(), WebhookStatus.Active, maxInFlight, rate, ordering);
}
