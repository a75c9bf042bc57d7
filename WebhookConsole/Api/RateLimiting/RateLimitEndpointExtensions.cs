using System.Globalization;

namespace WebhookConsole.Api.RateLimiting;

/// <summary>Applies a per-organization rate limit to an endpoint, keyed by <c>SlashID-OrgID</c> (also on public endpoints such as the JWKS).</summary>
internal static class RateLimitEndpointExtensions
{
    /// <summary>One token per request; a request over the limit gets 429 with <c>Retry-After</c> and nothing else runs.</summary>
    public static TBuilder RequireOrganizationRateLimit<TBuilder>(this TBuilder endpoint, TokenBucketPolicy policy)
        where TBuilder : IEndpointConventionBuilder =>
        endpoint.AddEndpointFilterFactory((context, next) =>
        {
            var limiter = context.ApplicationServices.GetRequiredService<OrganizationRateLimits>().For(policy);
            return invocation =>
            {
                var http = invocation.HttpContext;
                if (ApiKeyFilter.ReadOrganization(http, out var organizationId) is { } invalid)
                {
                    return ValueTask.FromResult<object?>(invalid);
                }

                var decision = limiter.TryAcquire(organizationId);
                return decision.Allowed ? next(invocation) : ValueTask.FromResult<object?>(TooManyRequests(http, policy, decision));
            };
        });

    /// <summary>429 in the errors envelope, with <c>Retry-After</c> in whole seconds; for endpoints that count permits themselves.</summary>
    public static IResult TooManyRequests(HttpContext http, TokenBucketPolicy policy, RateLimitDecision decision)
    {
        var seconds = (int)Math.Ceiling(decision.RetryAfter.TotalSeconds);
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return ApiResults.Error(StatusCodes.Status429TooManyRequests,
            $"Too many requests: this endpoint allows {policy.Describe()}. Retry after {seconds} seconds.");
    }
}
