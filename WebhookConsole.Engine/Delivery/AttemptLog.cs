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

    // The log shows custom header names but never their values: they often carry credentials. Later headers replace
    // earlier ones of the same name (whatever its case) in their place. Without custom headers, and with no name twice
    // (as with every format), nothing replaces anything and the headers are written as they come.
    private static string LoggedHeaders(OutgoingRequest request, IReadOnlyDictionary<string, string[]> customHeaders)
    {
        if (customHeaders.Count == 0 && !RepeatsAName(request.Headers))
        {
            return HeaderJson.Of(request.ContentType, WebhookHttpClient.UserAgent, request.Headers);
        }

        var headers = new Dictionary<string, string>(2 + customHeaders.Count + request.Headers.Count, StringComparer.OrdinalIgnoreCase)
        {
            ["Content-Type"] = request.ContentType,
            ["User-Agent"] = WebhookHttpClient.UserAgent,
        };
        foreach (var name in customHeaders.Keys)
        {
            headers[name] = "****";
        }

        foreach (var (name, value) in request.Headers)
        {
            headers[name] = value;
        }

        return HeaderJson.Of(headers);
    }

    // Whether a name comes twice: the content type's or user agent's, or one of the format's own again.
    private static bool RepeatsAName(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        for (var i = 0; i < headers.Count; i++)
        {
            var name = headers[i].Key;
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) || name.Equals("User-Agent", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            for (var j = 0; j < i; j++)
            {
                if (name.Equals(headers[j].Key, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
