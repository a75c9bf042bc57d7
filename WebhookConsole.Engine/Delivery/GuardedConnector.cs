using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WebhookConsole.Engine.Configuration;
using WebhookConsole.Engine.Security;

namespace WebhookConsole.Engine.Delivery;

/// <summary>
/// The outbound client's <see cref="SocketsHttpHandler.ConnectCallback"/>: resolves the host itself and connects only to
/// addresses <see cref="AddressPolicy"/> allows, so the check applies to the address actually connected and DNS
/// rebinding (a name that resolved to a public address when saved and to 127.0.0.1 now) cannot bypass it.
/// </summary>
internal sealed partial class GuardedConnector(IOptionsMonitor<DeliveryOptions> options, IHostResolver resolver, ILogger<GuardedConnector> logger)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endPoint = context.DnsEndPoint;
        if (options.CurrentValue.AllowInsecureTargets)
        {
            return await ConnectAsync(endPoint, cancellationToken);
        }

        var addresses = await resolver.ResolveAsync(endPoint.Host, cancellationToken);
        var allowed = addresses.Where(AddressPolicy.IsAllowed).ToList();
        if (allowed.Count == 0)
        {
            var refused = addresses.FirstOrDefault();
            var message = refused is null
                ? $"The host {endPoint.Host} resolved to no address."
                : AddressPolicy.Describe(refused, AddressPolicy.RefusalReason(refused)!);
            Log.AddressRefused(logger, endPoint.Host, refused?.ToString() ?? "");
            throw new HttpRequestException(HttpRequestError.ConnectionError, message);
        }

        Exception? last = null;
        foreach (var address in allowed)
        {
            try
            {
                return await ConnectAsync(new IPEndPoint(address, endPoint.Port), cancellationToken);
            }
            catch (SocketException ex)
            {
                last = ex;
            }
        }

        throw last!;
    }

    private static async ValueTask<Stream> ConnectAsync(EndPoint endPoint, CancellationToken cancellationToken)
    {
        var socket = endPoint is IPEndPoint ip
            ? new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true }
            : new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Refused to connect to {Host}: it resolved to {Address}, which is not a public address.")]
        public static partial void AddressRefused(ILogger logger, string host, string address);
    }
}
