using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace WebhookConsole.Api.RateLimiting;

/// <summary>Whether a request may go ahead, and if not, after how long it would.</summary>
public readonly record struct RateLimitDecision(bool Allowed, TimeSpan RetryAfter);

/// <summary>One <see cref="TokenBucketPolicy"/> applied per organization: a bucket per organization id.</summary>
public sealed class OrganizationRateLimiter(TokenBucketPolicy policy, TimeProvider time) : IDisposable
{
    private readonly PartitionedRateLimiter<Guid> _limiter = PartitionedRateLimiter.Create<Guid, Guid>(
        organizationId => RateLimitPartition.Get(organizationId, _ => new ClockTokenBucket(policy, time)));

    public TokenBucketPolicy Policy => policy;

    /// <summary>
    /// Takes <paramref name="permits"/> tokens from the organization's bucket, or none if they are not all there.
    /// More permits than the burst can never be granted: the caller refuses such a request as bad input first.
    /// </summary>
    public RateLimitDecision TryAcquire(Guid organizationId, int permits = 1)
    {
        using var lease = _limiter.AttemptAcquire(organizationId, permits);
        return lease.IsAcquired
            ? new RateLimitDecision(true, TimeSpan.Zero)
            : new RateLimitDecision(false, lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1));
    }

    public void Dispose() => _limiter.Dispose();
}

/// <summary>The process's rate limiters, one per policy, on the app's clock.</summary>
public sealed class OrganizationRateLimits(TimeProvider time) : IDisposable
{
    private readonly ConcurrentDictionary<TokenBucketPolicy, OrganizationRateLimiter> _limiters = new();

    public OrganizationRateLimiter For(TokenBucketPolicy policy) => _limiters.GetOrAdd(policy, p => new OrganizationRateLimiter(p, time));

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }
    }
}
