using System.Text;
using Microsoft.Extensions.Options;
using WebhookConsole.Engine.Configuration;
using WebhookConsole.Engine.Delivery;

namespace WebhookConsole.Engine.Verification;

/// <summary>
/// Sends one WebSub verification of intent (W3C WebSub 5.3): a GET to the subscriber's URL with
/// <c>hub.mode</c>, <c>hub.topic</c>, a fresh <c>hub.challenge</c> and, for subscriptions,
/// <c>hub.lease_seconds</c>. Confirmed only by a 2xx whose body is exactly the challenge.
/// </summary>
public sealed class WebSubVerifier(IHttpClientFactory clients, IOptionsMonitor<WebSubOptions> options)
{
    // A confirming body is the 32-character challenge; anything much longer is not one, so stop reading.
    private const int MaxBodyBytes = 1024;

    public async Task<VerificationResult> VerifyAsync(string targetUrl, VerificationMode mode, string topic, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var challenge = ChallengeGenerator.NewChallenge();
        var query = new StringBuilder()
            .Append("hub.mode=").Append(mode == VerificationMode.Subscribe ? "subscribe" : "unsubscribe")
            .Append("&hub.topic=").Append(Uri.EscapeDataString(topic))
            .Append("&hub.challenge=").Append(challenge);
        if (mode == VerificationMode.Subscribe)
        {
            query.Append("&hub.lease_seconds=").Append(settings.LeaseSeconds);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, $"{targetUrl}?{query}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.VerificationTimeout);
        try
        {
            using var response = await clients.CreateClient(WebhookHttpClient.Name)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            if (status is < 200 or > 299)
            {
                return new VerificationResult(status is >= 300 and < 400
                    ? $"The endpoint answered {status} {response.ReasonPhrase}; redirects are not followed."
                    : $"The endpoint answered {status} {response.ReasonPhrase} instead of 2xx.");
            }

            var body = await ResponseReader.ReadTextAsync(response, MaxBodyBytes, timeout.Token);
            return body.Text == challenge
                ? VerificationResult.Accepted
                : new VerificationResult("The endpoint answered 2xx, but its body was not the hub.challenge value it was sent.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new VerificationResult($"The endpoint did not answer within {settings.VerificationTimeout.TotalSeconds:0.#} s.");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return new VerificationResult($"Could not reach the endpoint: {AttemptErrors.Describe(ex)}");
        }
    }
}
