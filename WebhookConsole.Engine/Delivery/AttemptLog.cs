using System.Text;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Signing;

namespace WebhookConsole.Engine.Delivery;

/// <summary>Turns one try into its delivery-log entry: the request as sent (custom header values masked) and the response.</summary>
internal static class AttemptLog
{
    /// <param name="rebuildable">Whether the log may keep the request's <see cref="OutgoingRequest.BodyRecipe"/> instead of its
    /// body (the queue's deliveries, whose log rebuilds it: <see cref="RebuiltRequestBody"/>).</param>
    public static Attempt ToAttempt(Domain.Delivery delivery, Webhook webhook, OutgoingRequest request, IReadOnlyDictionary<string, string[]> customHeaders, AttemptOutcome outcome,
        bool rebuildable = false) =>
        new()
        {
            DeliveryId = delivery.Id,
            Number = delivery.AttemptCount + 1,
            StartedAt = outcome.StartedAt,
            Duration = outcome.Duration,
            RequestUrl = webhook.TargetUrl,
            RequestHeaders = LoggedHeaders(request, customHeaders),
            RequestBody = (rebuildable ? request.BodyRecipe : null) ?? Encoding.UTF8.GetString(request.Body),
            ResponseStatus = outcome.ResponseStatus,
            ResponseHeaders = outcome.ResponseHeaders,
            ResponseBody = outcome.ResponseBody,
            Error = outcome.Error,
            ErrorMessage = outcome.ErrorMessage,
        };

    // The log shows custom header names but never their values: they often carry credentials. A later header replaces
    // an earlier one of the same name (whatever its case) in its place (HeaderJson).
    private static string LoggedHeaders(OutgoingRequest request, IReadOnlyDictionary<string, string[]> customHeaders)
    {
        var headers = new List<KeyValuePair<string, string>>(2 + customHeaders.Count + request.Headers.Count)
        {
            new("Content-Type", request.ContentType),
            new("User-Agent", WebhookHttpClient.UserAgent),
        };
        foreach (var name in customHeaders.Keys)
        {
            headers.Add(new(name, "****"));
        }

        headers.AddRange(request.Headers);
        return HeaderJson.Of(headers);
    }
}
