using System.Threading.RateLimiting;

namespace WebhookConsole.Api.RateLimiting;

/// <summary>
/// One organization's token bucket, read from an injected <see cref="TimeProvider"/>. The framework's
/// <see cref="TokenBucketRateLimiter"/> reads the stopwatch and refills on its own timer, so a test could not move its
/// clock; this one refills lazily from the time elapsed since it was last read. No queueing: a request that does
/// not fit is refused at once with the time after which it would fit.
/// </summary>
internal sealed class ClockTokenBucket(TokenBucketPolicy policy, TimeProvider time) : RateLimiter
{
    private readonly Lock _lock = new();
    private double _tokens = policy.Burst;
    private DateTimeOffset _refilledAt = time.GetUtcNow();
    private DateTimeOffset _usedAt = time.GetUtcNow();

    /// <summary>How long the bucket has been full and unused (the partitioned limiter drops such buckets; a new one starts full alike).</summary>
    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_lock)
            {
                Refill();
                return _tokens >= policy.Burst ? time.GetUtcNow() - _usedAt : null;
            }
        }
    }

    public override RateLimiterStatistics GetStatistics()
    {
        lock (_lock)
        {
            Refill();
            return new RateLimiterStatistics { CurrentAvailablePermits = (long)_tokens };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, policy.Burst);
        lock (_lock)
        {
            Refill();
            _usedAt = time.GetUtcNow();
            if (_tokens >= permitCount)
            {
                _tokens -= permitCount;
                return Lease.Acquired;
            }

            var seconds = Math.Ceiling((permitCount - _tokens) / policy.TokensPerSecond);
            return new Lease(false, TimeSpan.FromSeconds(Math.Max(1, seconds)));
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    private void Refill()
    {
        var now = time.GetUtcNow();
        var elapsed = (now - _refilledAt).TotalSeconds;
        if (elapsed > 0)
        {
            _tokens = Math.Min(policy.Burst, _tokens + (elapsed * policy.TokensPerSecond));
            _refilledAt = now;
        }
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Acquired = new(true, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
