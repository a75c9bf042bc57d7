using System.Diagnostics;
using Microsoft.Extensions.Options;
using WebhookConsole.Engine.Configuration;
using WebhookConsole.Engine.Diagnostics;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Signing;

namespace WebhookConsole.Engine.Delivery;

/// <summary>POSTs one signed request and reports what happened. Only 2xx succeeds; redirects are failures.</summary>
public sealed class WebhookSender(IHttpClientFactory clients, IOptionsMonitor<DeliveryOptions> options, TimeProvider time)
{
    // One client for every attempt: its handler lives as long as the process (WebhookHttpClient), and a client made per
    // request would parse its default headers again each time.
    private HttpClient? _client;

    private HttpClient Client => _client ??= clients.CreateClient(WebhookHttpClient.Name);

    /// <param name="trace">Which delivery this request is an attempt of: the attempt's trace is made here, around the request.</param>
    public async Task<AttemptOutcome> SendAsync(
        DeliveryTrace trace,
        string targetUrl,
        OutgoingRequest outgoing,
        IReadOnlyDictionary<string, string[]> customHeaders,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, targetUrl) { Content = new ByteArrayContent(outgoing.Body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", outgoing.ContentType);
        foreach (var (name, values) in customHeaders)
        {
            request.Headers.TryAddWithoutValidation(name, values);
        }

        foreach (var (name, value) in outgoing.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        // Its own trace, linked to the event's; the HTTP client's span (when instrumented) is its child.
        using var activity = DeliveryTracing.StartAttempt(trace);
        var startedAt = time.GetUtcNow();
        var stopwatch = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var (body, truncated) = await ResponseReader.ReadTextAsync(response, options.CurrentValue.ResponseBodyLimit, deadline.Token);
            var status = (int)response.StatusCode;
            var headers = HeaderJson.Of(response);
            var error = status switch
            {
                >= 200 and <= 299 => AttemptError.None,
                >= 300 and <= 399 => AttemptError.Redirect,
                _ => AttemptError.NonSuccessStatus,
            };
            var message = error switch
            {
                AttemptError.None => null,
                AttemptError.Redirect => $"The receiver answered {status}; redirects are not followed.",
                _ => $"The receiver answered {status} {response.ReasonPhrase}.",
            };
            DeliveryTracing.EndAttempt(activity, status, error);
            return new AttemptOutcome(startedAt, stopwatch.Elapsed, status, headers, truncated ? body + "\n[truncated]" : body, error, message,
                status is 429 or 503 ? RetryAfterOf(response, startedAt) : null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(AttemptError.Timeout, $"No response within {timeout.TotalMilliseconds:0} ms.");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            // IOException: the connection broke while the response body was being read.
            return Failed(AttemptErrors.Classify(ex), "Could not deliver: " + AttemptErrors.Describe(ex));
        }

        AttemptOutcome Failed(AttemptError error, string message)
        {
            DeliveryTracing.EndAttempt(activity, null, error);
            return new(startedAt, stopwatch.Elapsed, null, null, null, error, message);
        }
    }

    // RFC 9110 10.2.3: either a number of seconds or an HTTP date.
    private static TimeSpan? RetryAfterOf(HttpResponseMessage response, DateTimeOffset now) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };
}
