using WebhookConsole.Engine.Scheduling;

namespace WebhookConsole.Tests.Engine.Scheduling;

public sealed class TokenBucketTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Available_NewBucket_HoldsOneSecondsWorth()
    {
        Assert.Equal(5, TokenBucket.Available(new EndpointState(), 5, T0));
    }

    [Fact]
    public void Take_ThenTime_RefillsAtTheRateAndNeverAboveOneSecondsWorth()
    {
        var state = new EndpointState();
        TokenBucket.Take(state, 10, 10, T0);

        Assert.Equal(0, TokenBucket.Available(state, 10, T0));
        Assert.Equal(0, TokenBucket.Available(state, 10, T0.AddMilliseconds(99)));
        Assert.Equal(1, TokenBucket.Available(state, 10, T0.AddMilliseconds(100)));
        Assert.Equal(5, TokenBucket.Available(state, 10, T0.AddMilliseconds(500)));
        Assert.Equal(10, TokenBucket.Available(state, 10, T0.AddMinutes(5)));
    }

    [Fact]
    public void Take_OverAMinute_NeverMoreThanTheRateTimesTheSecondsPlusOne()
    {
        var state = new EndpointState();
        var sent = 0;
        for (var ms = 0; ms <= 60_000; ms += 7)
        {
            var now = T0.AddMilliseconds(ms);
            var available = TokenBucket.Available(state, 20, now);
            TokenBucket.Take(state, 20, available, now);
            sent += available;
        }

        Assert.InRange(sent, 20 * 60, 20 * 61);
    }

    [Fact]
    public void Take_AtTimesBetweenMilliseconds_StoredAndReadBackAsTheDatabaseDoes_NeverMoreThanTheRateTimesTheSecondsPlusOne()
    {
        // The state goes to the database between claims, its time as whole Unix milliseconds. A bucket that kept the
        // fraction of a millisecond in memory only would be credited it again at every round trip.
        var state = new EndpointState();
        var sent = 0;
        var now = T0;
        for (var claim = 0; claim < 1_000; claim++)
        {
            now = now.AddTicks(509_000); // 50.9 ms
            var available = TokenBucket.Available(state, 20, now);
            TokenBucket.Take(state, 20, available, now);
            sent += available;
            state = new EndpointState { Tokens = state.Tokens, TokensAt = DateTimeOffset.FromUnixTimeMilliseconds(state.TokensAt!.Value.ToUnixTimeMilliseconds()) };
        }

        var seconds = (now - T0).TotalSeconds;
        Assert.True(sent <= 20 * (seconds + 1), $"{sent} requests in {seconds:F3} s at 20/s");
    }
}
