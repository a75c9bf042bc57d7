using Microsoft.AspNetCore.WebUtilities;

namespace WebhookConsole.Components.ViewModels;

/// <summary>An HTTP status as the console shows it: the code with its reason phrase, <c>HTTP 503 Service Unavailable</c>.</summary>
public static class HttpStatusText
{
    public static string Of(int code) => $"HTTP {code} {ReasonPhrases.GetReasonPhrase(code)}".TrimEnd();
}
