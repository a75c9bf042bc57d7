using WebhookConsole.Api.RateLimiting;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Api;

/// <summary>The per-organization token buckets of SlashID's webhook API rate limits, on a clock the test moves.</summary>
public sealed class OrganizationRateLimiterTests : IDisposable
{
    private readonly ManualTimeProvider time = new();
    private readonly OrganizationRateLimits limits;
    private readonly Guid organization = Guid.NewGuid();

    public OrganizationRateLimiterTests() => limits = new OrganizationRateLimits(time);

    public void Dispose() => limits.Dispose();

    [Fact]
    public void TryAcquire_JwksBurstSpent_RefusesWithRetryAfterUntilTokensReturn()
    {
        var jwks = limits.For(TokenBucketPolicy.VerificationJwks);

        var burst = Enumerable.Range(0, 60).Select(_ => jwks.TryAcquire(organization)).ToList();
        var refused = jwks.TryAcquire(organization);
        time.Advance(TimeSpan.FromSeconds(1));
        var halfToken = jwks.TryAcquire(organization);
        time.Advance(TimeSpan.FromSeconds(1));
        var oneToken = jwks.TryAcquire(organization);
        var spentAgain = jwks.TryAcquire(organization);

        Assert.All(burst, d => Assert.True(d.Allowed));
        Assert.Equal(new RateLimitDecision(false, TimeSpan.FromSeconds(2)), refused);
        Assert.Equal(new RateLimitDecision(false, TimeSpan.FromSeconds(1)), halfToken);
        Assert.True(oneToken.Allowed);
        Assert.False(spentAgain.Allowed);
    }

    [Fact]
    public void TryAcquire_OneOrganizationSpent_OtherOrganizationsKeepTheirBurst()
    {
        var jwks = limits.For(TokenBucketPolicy.VerificationJwks);
        for (var i = 0; i < 60; i++)
        {
            jwks.TryAcquire(organization);
        }

        Assert.False(jwks.TryAcquire(organization).Allowed);
        Assert.True(jwks.TryAcquire(Guid.NewGuid()).Allowed);
    }

    [Fact]
    public void TryAcquire_LongIdle_RefillsOnlyUpToTheBurst()
    {
        var jwks = limits.For(TokenBucketPolicy.VerificationJwks);
        for (var i = 0; i < 60; i++)
        {
            jwks.TryAcquire(organization);
        }

        time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(60, Enumerable.Range(0, 100).Count(_ => jwks.TryAcquire(organization).Allowed));
    }

    [Fact]
    public void TryAcquire_TestEventsCounted_TakesOneTokenPerEvent()
    {
        var testEvents = limits.For(TokenBucketPolicy.TestEvents);

        var fifty = testEvents.TryAcquire(organization, permits: 50);
        var one = testEvents.TryAcquire(organization, permits: 1);
        time.Advance(TimeSpan.FromMinutes(1));
        var eleven = testEvents.TryAcquire(organization, permits: 11);
        var ten = testEvents.TryAcquire(organization, permits: 10);

        Assert.True(fifty.Allowed);
        Assert.Equal(new RateLimitDecision(false, TimeSpan.FromSeconds(6)), one);
        Assert.Equal(new RateLimitDecision(false, TimeSpan.FromSeconds(6)), eleven);
        Assert.True(ten.Allowed);
    }

    [Fact]
    public void TryAcquire_MoreThanTheBurst_IsRefusedAsBadInput() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => limits.For(TokenBucketPolicy.TestEvents).TryAcquire(organization, permits: 51));
}
