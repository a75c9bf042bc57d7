using Microsoft.Extensions.Options;
using WebhookConsole.Engine.Configuration;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine;

public sealed class RetryPolicyTests
{
    private static readonly DateTimeOffset First = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void NextAttemptAt_Guide000Defaults_DoublesFromOneMinuteCapsAtTenAndGivesUpAfterThirty()
    {
        var policy = new RetryPolicy(new StaticOptions(new DeliveryOptions()), new FixedRandomSource());
        var schedule = new List<TimeSpan>();
        var now = First;
        for (var attempts = 1; policy.NextAttemptAt(First, attempts, now) is { } next; attempts++)
        {
            schedule.Add(next - First);
            now = next;
        }

        // Attempts at 0, 1, 3, 7, 15 and 25 minutes; the next (35) would be past 30, so the delivery gives up.
        Assert.Equal([1, 3, 7, 15, 25], schedule.Select(t => t.TotalMinutes));
    }

    [Fact]
    public void NextAttemptAt_BackoffInSeconds_FollowsTheConfiguredKeys()
    {
        var options = new DeliveryOptions
        {
            Retry = new RetryOptions { InitialBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(3), GiveUpAfter = TimeSpan.FromSeconds(10) },
        };
        var policy = new RetryPolicy(new StaticOptions(options), new FixedRandomSource());

        Assert.Equal(First.AddSeconds(1), policy.NextAttemptAt(First, 1, First));
        Assert.Equal(First.AddSeconds(3), policy.NextAttemptAt(First, 2, First.AddSeconds(1)));
        Assert.Equal(First.AddSeconds(6), policy.NextAttemptAt(First, 3, First.AddSeconds(3)));
        Assert.Null(policy.NextAttemptAt(First, 4, First.AddSeconds(8)));
    }

    [Fact]
    public void NextAttemptAt_WithJitter_AddsUpToTheConfiguredFractionAndNeverShortens()
    {
        var options = new DeliveryOptions { Retry = new RetryOptions { Jitter = 0.1 } };

        var lowest = new RetryPolicy(new StaticOptions(options), new FixedRandomSource(0)).NextAttemptAt(First, 1, First);
        var highest = new RetryPolicy(new StaticOptions(options), new FixedRandomSource(0.999)).NextAttemptAt(First, 1, First);

        Assert.Equal(First.AddMinutes(1), lowest);
        Assert.InRange(highest!.Value, First.AddSeconds(65.9), First.AddSeconds(66));
    }

    [Fact]
    public void NextAttemptAt_RetryAfterLongerThanBackoff_WaitsAtLeastRetryAfter()
    {
        var policy = new RetryPolicy(new StaticOptions(new DeliveryOptions()), new FixedRandomSource());

        Assert.Equal(First.AddMinutes(5), policy.NextAttemptAt(First, 1, First, TimeSpan.FromMinutes(5)));
        Assert.Equal(First.AddMinutes(1), policy.NextAttemptAt(First, 1, First, TimeSpan.FromSeconds(10)));
        // Bounded by MaxRetryAfter (30 minutes): past the give-up time for a second attempt, so it gives up.
        Assert.Null(policy.NextAttemptAt(First, 2, First.AddMinutes(1), TimeSpan.FromHours(2)));
    }

    private sealed class StaticOptions(DeliveryOptions value) : IOptionsMonitor<DeliveryOptions>
    {
        public DeliveryOptions CurrentValue => value;

        public DeliveryOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<DeliveryOptions, string?> listener) => null;
    }
}
