using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WebhookConsole.Engine.Security;

namespace WebhookConsole.Engine.Delivery;

/// <summary>The one outbound HTTP client for deliveries and verification requests.</summary>
public static class WebhookHttpClient
{
    public const string Name = "webhooks";

    /// <summary>A random tag of this process, so a receiver (or an operator reading its logs) can tell which node sent a request.</summary>
    public static readonly string NodeTag = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));

    /// <summary><c>WebhookConsole/&lt;version&gt; (node-&lt;tag&gt;)</c>, in the way Svix names its senders.</summary>
    public static readonly string UserAgent =
        $"WebhookConsole/{typeof(WebhookHttpClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0"} (node-{NodeTag})";

    internal static IServiceCollection AddWebhookHttpClient(this IServiceCollection services)
    {
        services.TryAddSingleton<IHostResolver, DnsHostResolver>();
        services.AddSingleton<TargetAddressCheck>();
        services.AddSingleton<GuardedConnector>();
        services.AddHttpClient(Name, client =>
            {
                // Each request carries its own deadline (the webhook's timeout).
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
            })
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                // SSRF: only public addresses, checked on the address actually connected (docs/security.md).
                ConnectCallback = provider.GetRequiredService<GuardedConnector>().ConnectAsync,
                // Only 2xx is success; a redirect is the receiver's answer, never followed (SlashID's webhooks guide).
                AllowAutoRedirect = false,
                UseCookies = false,
                UseProxy = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectTimeout = TimeSpan.FromSeconds(10),
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // Every attempt is already recorded in the delivery log; four log lines per request would cost more than the request.
            .RemoveAllLoggers();
        return services;
    }
}
