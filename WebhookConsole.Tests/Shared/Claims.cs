using WebhookConsole.Engine.Scheduling;

namespace WebhookConsole.Tests.Shared;

/// <summary>Leases due deliveries as another dispatcher would (one that then dies, or holds them), through the real claim.</summary>
public static class Claims
{
    /// <summary>Leases up to <paramref name="perEndpoint"/> due rows of each endpoint to <paramref name="owner"/>.</summary>
    public static async Task<IReadOnlyList<Guid>> ClaimAsync(this IServiceProvider services, string owner, int perEndpoint, TimeSpan lease)
    {
        var result = await services.GetRequiredService<EndpointClaims>().ClaimAsync(owner, (_, _) => perEndpoint, lease, perEndpoint, CancellationToken.None);
        return result.Ids;
    }
}
