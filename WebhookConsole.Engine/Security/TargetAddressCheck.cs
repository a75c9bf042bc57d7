using System.Net.Sockets;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Security;

/// <summary>
/// The save-time half of the SSRF rule: a target URL whose host name resolves to an address <see cref="AddressPolicy"/>
/// refuses is not saved. A name that does not resolve (yet) is accepted; the connect-time check still applies.
/// </summary>
public sealed class TargetAddressCheck(IHostResolver resolver)
{
    // A save should not hang on a slow resolver; an unanswered lookup is treated like a name that does not resolve yet.
    private static readonly TimeSpan LookupTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Returns the refused address as a <c>target_url</c> error, or null.</summary>
    public async Task<FieldError?> ValidateAsync(string targetUrl, bool allowInsecureTargets, CancellationToken cancellationToken)
    {
        if (allowInsecureTargets || !Uri.TryCreate(targetUrl.Trim(), UriKind.Absolute, out var uri))
        {
            return null;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(LookupTimeout);
        try
        {
            foreach (var address in await resolver.ResolveAsync(uri.IdnHost, deadline.Token))
            {
                if (AddressPolicy.RefusalReason(address) is { } rule)
                {
                    return new(TargetUrl.Field, $"The target URL's host {uri.IdnHost} resolves to {address}, which is not allowed: it is {rule}. Webhooks may only reach public addresses.");
                }
            }
        }
        catch (SocketException)
        {
            // Not resolvable now: accepted, and checked again on every connection.
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }

        return null;
    }
}
