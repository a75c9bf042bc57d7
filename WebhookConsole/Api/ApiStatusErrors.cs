using Microsoft.AspNetCore.Diagnostics;

namespace WebhookConsole.Api;

/// <summary>
/// Answers an API caller (a request with a <c>SlashID-OrgID</c> or <c>SlashID-API-Key</c> header) that hits no route, or a
/// route with another method, with the errors envelope instead of the console's HTML not-found page.
/// </summary>
internal static class ApiStatusErrors
{
    /// <summary>Goes after <c>UseStatusCodePagesWithReExecute</c>, so it can switch the console's page off for API callers.</summary>
    public static IApplicationBuilder UseApiStatusErrors(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (!IsApiCaller(http.Request))
        {
            await next(http);
            return;
        }

        if (http.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }

        await next(http);
        var status = http.Response.StatusCode;
        if (status is StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed && !http.Response.HasStarted
            && http.Response.ContentLength is null && http.Response.ContentType is null)
        {
            var message = status == StatusCodes.Status405MethodNotAllowed
                ? $"The method {http.Request.Method} is not allowed on this route."
                : $"No API route answers {http.Request.Method} on this path.";
            await ApiResults.Error(status, message).ExecuteAsync(http);
        }
    });

    private static bool IsApiCaller(HttpRequest request) =>
        request.Headers.ContainsKey(ApiKeyFilter.OrganizationHeader) || request.Headers.ContainsKey(ApiKeyFilter.ApiKeyHeader);
}
