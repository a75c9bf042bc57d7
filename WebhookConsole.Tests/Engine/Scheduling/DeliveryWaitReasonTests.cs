using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Scheduling;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine.Scheduling;

public sealed class DeliveryWaitReasonTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 10, TimeSpan.Zero);

    [Theory]
    [InlineData(DeliveryStatus.InFlight)]
    [InlineData(DeliveryStatus.Succeeded)]
    [InlineData(DeliveryStatus.Failed)]
    [InlineData(DeliveryStatus.Cancelled)]
    public void Explain_NotQueued_IsNull(DeliveryStatus status)
    {
        var delivery = Queued(status: status);

        Assert.Null(DeliveryWaitReason.Explain(delivery, Endpoint(), Open(), inFlight: 0, fifoHead: null, Now));
    }

    [Fact]
    public void Explain_OpenCircuit_SaysSinceWhenAndTheNextProbe()
    {
        var reason = DeliveryWaitReason.Explain(Queued(), Endpoint(maxInFlight: 1), Open(), inFlight: 1, fifoHead: null, Now);

        Assert.Equal("Waiting: the endpoint's circuit is open since 12:00:03 UTC; next probe at 12:00:33 UTC", reason);
    }

    [Fact]
    public void Explain_OpenCircuitSinceYesterday_GivesTheDate()
    {
        var state = Open();
        state.CircuitSince = Now.AddDays(-1);

        var reason = DeliveryWaitReason.Explain(Queued(), Endpoint(), state, inFlight: 0, fifoHead: null, Now);

        Assert.Equal("Waiting: the endpoint's circuit is open since 2026-12-01 12:00:10 UTC; next probe at 12:00:33 UTC", reason);
    }

    [Fact]
    public void Explain_HalfOpenCircuit_SaysAProbeDecides()
    {
        var state = Open();
        state.Circuit = CircuitState.HalfOpen;

        var reason = DeliveryWaitReason.Explain(Queued(), Endpoint(), state, inFlight: 1, fifoHead: null, Now);

        Assert.Equal("Waiting: the endpoint's circuit is half open; one probe request decides whether it closes", reason);
    }

    [Fact]
    public void Explain_FifoBehindAnotherHead_NamesTheHead()
    {
        var head = Guid.NewGuid();

        var reason = DeliveryWaitReason.Explain(Queued(), Endpoint(ordering: DeliveryOrdering.Fifo), null, inFlight: 1, head, Now);

        Assert.Equal($"Waiting: behind delivery {head} at the head of this FIFO endpoint's line", reason);
    }

    [Fact]
    public void Explain_FifoHeadItself_IsNotHeldByTheLine()
    {
        var delivery = Queued();

        var reason = DeliveryWaitReason.Explain(delivery, Endpoint(ordering: DeliveryOrdering.Fifo), null, inFlight: 0, delivery.Id, Now);

        Assert.Equal("Next attempt at 12:00:10 UTC", reason);
    }

    [Fact]
    public void Explain_AtTheCap_SaysTheCap()
    {
        var reason = DeliveryWaitReason.Explain(Queued(), Endpoint(maxInFlight: 4), null, inFlight: 4, fifoHead: null, Now);

        Assert.Equal("Waiting: at the endpoint's cap of 4 requests in flight", reason);
    }

    [Fact]
    public void Explain_EmptyBucket_SaysTheRateLimit()
    {
        var state = new EndpointState { Tokens = 0.2, TokensAt = Now.AddMilliseconds(-100) };

        var reason = DeliveryWaitReason.Explain(Queued(), Endpoint(maxInFlight: 4, rateLimit: 5), state, inFlight: 3, fifoHead: null, Now);

        Assert.Equal("Waiting: rate limited to 5 requests a second", reason);
    }

    [Fact]
    public void Explain_BucketRefilledSinceItsLastTake_IsNotRateLimited()
    {
        var state = new EndpointState { Tokens = 0, TokensAt = Now.AddMilliseconds(-300) };

        var reason = DeliveryWaitReason.Explain(Queued(), Endpoint(rateLimit: 5), state, inFlight: 0, fifoHead: null, Now);

        Assert.Equal("Next attempt at 12:00:10 UTC", reason);
    }

    [Fact]
    public void Explain_RetryNotYetDue_SaysTheNextAttemptEvenAtTheCap()
    {
        var delivery = Queued(status: DeliveryStatus.Retrying, nextAttemptAt: Now.AddMinutes(2));

        var reason = DeliveryWaitReason.Explain(delivery, Endpoint(maxInFlight: 1), null, inFlight: 1, fifoHead: null, Now);

        Assert.Equal("Next attempt at 12:02:10 UTC", reason);
    }

    [Fact]
    public async Task ExplainAsync_FifoEndpoint_LoadsTheHeadFromTheQueue()
    {
        var time = new ManualTimeProvider(Now);
        await using var engine = await EngineHost.StartAsync(time);
        var created = await engine.CreateWebhookAsync("http://127.0.0.1:9/hook");
        await engine.Webhooks.UpdateAsync(engine.Organization.Id, created.Webhook.Id, new() { Ordering = DeliveryOrdering.Fifo });
        var @event = await engine.AddEventAsync(Now.AddMinutes(-1));
        var head = await engine.AddDeliveryAsync(created.Webhook.Id, @event.Id, DeliveryStatus.Retrying, Now.AddMinutes(-1), attempts: 1, nextAttemptAt: Now.AddSeconds(30), sequence: 1);
        var second = await engine.AddDeliveryAsync(created.Webhook.Id, @event.Id, DeliveryStatus.Pending, Now.AddMinutes(-1), sequence: 2);
        var log = engine.Services.GetRequiredService<WebhookConsole.Engine.Delivery.DeliveryLog>();
        var reasons = engine.Services.GetRequiredService<DeliveryWaitReason>();

        var behind = await reasons.ExplainAsync((await log.GetAsync(engine.Organization.Id, second.Id))!);
        var atHead = await reasons.ExplainAsync((await log.GetAsync(engine.Organization.Id, head.Id))!);

        Assert.Equal($"Waiting: behind delivery {head.Id} at the head of this FIFO endpoint's line", behind);
        Assert.Equal("Next attempt at 12:00:40 UTC", atHead);
    }

    private static Delivery Queued(DeliveryStatus status = DeliveryStatus.Pending, DateTimeOffset? nextAttemptAt = null) =>
        new() { Id = Guid.NewGuid(), Status = status, NextAttemptAt = nextAttemptAt ?? Now };

    private static Webhook Endpoint(int? maxInFlight = null, int? rateLimit = null, DeliveryOrdering ordering = DeliveryOrdering.None) =>
        new() { Name = "receiver", TargetUrl = "https://receiver.example.test/hook", MaxInFlight = maxInFlight, RateLimitPerSecond = rateLimit, Ordering = ordering };

    private static EndpointState Open() => new()
    {
        Circuit = CircuitState.Open,
        CircuitSince = new DateTimeOffset(2026, 12, 2, 12, 0, 3, TimeSpan.Zero),
        NextProbeAt = new DateTimeOffset(2026, 12, 2, 12, 0, 33, TimeSpan.Zero),
        CoolDown = TimeSpan.FromSeconds(30),
    };
}
