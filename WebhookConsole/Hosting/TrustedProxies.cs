using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace WebhookConsole.Hosting;

/// <summary>
/// The TLS proxies whose <c>X-Forwarded-Proto</c> and <c>X-Forwarded-For</c> the app believes (section
/// <c>ForwardedHeaders</c>): comma-separated addresses in <c>KnownProxies</c> and CIDR networks in <c>KnownNetworks</c>.
/// Empty (the default): loopback only, for a proxy on the same host. Set: exactly those, loopback no longer included.
/// The same headers from any other address are ignored, so a client cannot claim HTTPS or another address.
/// </summary>
public sealed class TrustedProxyOptions
{
    public const string Section = "ForwardedHeaders";

    public string KnownProxies { get; set; } = "";

    public string KnownNetworks { get; set; } = "";

    internal static IEnumerable<string> Split(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Names the key and the value that is not an address or network, so a typo stops start-up instead of trusting nobody.</summary>
internal sealed class TrustedProxyOptionsValidator : IValidateOptions<TrustedProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, TrustedProxyOptions options)
    {
        var errors = TrustedProxyOptions.Split(options.KnownProxies).Where(a => !IPAddress.TryParse(a, out _))
            .Select(a => $"{TrustedProxyOptions.Section}:KnownProxies: '{a}' is not an IP address (e.g. 10.0.0.10).")
            .Concat(TrustedProxyOptions.Split(options.KnownNetworks).Where(n => !System.Net.IPNetwork.TryParse(n, out _))
                .Select(n => $"{TrustedProxyOptions.Section}:KnownNetworks: '{n}' is not a network in CIDR notation (e.g. 10.0.0.0/24)."))
            .ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

internal static class TrustedProxies
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services)
    {
        services.AddOptions<TrustedProxyOptions>().BindConfiguration(TrustedProxyOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TrustedProxyOptions>, TrustedProxyOptionsValidator>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TrustedProxyOptions>>((options, trusted) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedFor;
            var proxies = TrustedProxyOptions.Split(trusted.Value.KnownProxies).Select(IPAddress.Parse).ToList();
            var networks = TrustedProxyOptions.Split(trusted.Value.KnownNetworks).Select(n => System.Net.IPNetwork.Parse(n)).ToList();
            if (proxies.Count + networks.Count == 0)
            {
                return; // ASP.NET Core's default: loopback.
            }

            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            proxies.ForEach(options.KnownProxies.Add);
            networks.ForEach(options.KnownIPNetworks.Add);
        });
        return services;
    }
}
