namespace WebhookConsole.Engine.Scheduling;

/// <summary>
/// An endpoint's rate limit as a token bucket kept in its <see cref="EndpointState"/>, so every node draws from the
/// same bucket: it holds at most one second's worth of requests and refills at the limit, so in any T seconds at
/// most rate × (T + 1) requests go out, and over time no more than the rate.
/// </summary>
public static class TokenBucket
{
    /// <summary>Whole tokens available at <paramref name="now"/>.</summary>
    public static int Available(EndpointState state, int ratePerSecond, DateTimeOffset now) => (int)Math.Floor(Level(state, ratePerSecond, now));

    /// <summary>Takes <paramref name="count"/> tokens (at most what is available).</summary>
    public static void Take(EndpointState state, int ratePerSecond, int count, DateTimeOffset now)
    {
        // The level at the last whole millisecond, which is what the database keeps of the time: kept to the tick, the
        // fraction would be lost at each round trip and credited again (a few requests over the rate per minute).
        var at = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds());
        state.Tokens = Math.Max(0, Level(state, ratePerSecond, at) - count);
        state.TokensAt = at;
    }

    private static double Level(EndpointState state, int ratePerSecond, DateTimeOffset now) => state.TokensAt is not { } at
        ? ratePerSecond
        : Math.Min(ratePerSecond, state.Tokens + Math.Max(0, (now - at).TotalSeconds) * ratePerSecond);
}
