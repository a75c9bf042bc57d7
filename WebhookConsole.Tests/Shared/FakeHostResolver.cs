using System.Collections.Concurrent;
using System.Net;
using WebhookConsole.Engine.Security;

namespace WebhookConsole.Tests.Shared;

/// <summary>A DNS stand-in: a table a test can change between calls (DNS rebinding); other names go to the real resolver.</summary>
public sealed class FakeHostResolver : IHostResolver
{
    public ConcurrentDictionary<string, IPAddress[]> Hosts { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        Hosts.TryGetValue(host, out var addresses)
            ? Task.FromResult(addresses)
            : new DnsHostResolver().ResolveAsync(host, cancellationToken);
}
