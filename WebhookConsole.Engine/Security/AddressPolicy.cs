using System.Net;
using System.Net.Sockets;

namespace WebhookConsole.Engine.Security;

/// <summary>
/// Which IP addresses outbound requests (deliveries, verification requests) may connect to: public unicast only,
/// so a webhook cannot be used to reach the hub's own network (SSRF). Used at connect time and when a webhook is saved.
/// </summary>
public static class AddressPolicy
{
    private static readonly (IPNetwork Network, string Rule)[] RefusedRanges =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "unspecified (\"this network\")"),
        (IPNetwork.Parse("10.0.0.0/8"), "private (RFC 1918)"),
        (IPNetwork.Parse("100.64.0.0/10"), "carrier-grade NAT (RFC 6598)"),
        (IPNetwork.Parse("127.0.0.0/8"), "loopback"),
        (IPNetwork.Parse("169.254.0.0/16"), "link-local (including cloud metadata)"),
        (IPNetwork.Parse("172.16.0.0/12"), "private (RFC 1918)"),
        (IPNetwork.Parse("192.0.0.0/24"), "IETF protocol assignments"),
        (IPNetwork.Parse("192.168.0.0/16"), "private (RFC 1918)"),
        (IPNetwork.Parse("198.18.0.0/15"), "benchmarking (RFC 2544)"),
        (IPNetwork.Parse("224.0.0.0/4"), "multicast"),
        (IPNetwork.Parse("240.0.0.0/4"), "reserved or broadcast"),
        (IPNetwork.Parse("::/128"), "unspecified"),
        (IPNetwork.Parse("::1/128"), "loopback"),
        (IPNetwork.Parse("64:ff9b:1::/48"), "local-use NAT64"),
        (IPNetwork.Parse("100::/64"), "discard-only"),
        (IPNetwork.Parse("fc00::/7"), "unique-local"),
        (IPNetwork.Parse("fe80::/10"), "link-local"),
        (IPNetwork.Parse("fec0::/10"), "site-local (deprecated)"),
        (IPNetwork.Parse("ff00::/8"), "multicast"),
    ];

    /// <summary>Returns why <paramref name="address"/> must not be connected to, or null when it is allowed.</summary>
    public static string? RefusalReason(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var candidate = Unwrap(address);
        foreach (var (network, rule) in RefusedRanges)
        {
            if (network.BaseAddress.AddressFamily == candidate.AddressFamily && network.Contains(candidate))
            {
                return rule;
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="address"/> may be connected to.</summary>
    public static bool IsAllowed(IPAddress address) => RefusalReason(address) is null;

    /// <summary>The sentence an operator sees when an address is refused.</summary>
    public static string Describe(IPAddress address, string rule) =>
        $"The address {address} is not allowed: it is {rule}; webhooks may only reach public addresses (Delivery:AllowInsecureTargets is off).";

    // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible, deprecated but still routed by some stacks) and
    // 64:ff9b::a.b.c.d (NAT64 well-known prefix) all reach the IPv4 address inside, so they are judged as it.
    private static IPAddress Unwrap(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        var compatible = bytes.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 && bytes.AsSpan(12).IndexOfAnyExcept((byte)0) >= 0
            && !(bytes[12] == 0 && bytes[13] == 0 && bytes[14] == 0 && bytes[15] == 1);
        var nat64 = bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xff && bytes[3] == 0x9b && bytes.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0;
        return compatible || nat64 ? new IPAddress(bytes.AsSpan(12)) : address;
    }
}
