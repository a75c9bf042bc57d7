namespace WebhookConsole.Hosting;

/// <summary>
/// Response headers that keep the console from being framed, sniffed or made to load foreign code
/// (docs/security.md). The Content-Security-Policy allows what Blazor Server and Radzen need: scripts, styles, fonts
/// and the circuit's WebSocket from this origin, and inline styles (Radzen sets <c>style</c> attributes).
/// </summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
        + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    // Swagger UI starts itself with an inline script; it is a public, read-only page, so it gets the policy without script-src 'self' alone.
    private const string SwaggerPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments("/swagger") ? SwaggerPolicy : ContentSecurityPolicy;
            return Task.CompletedTask;
        });
        return next(http);
    });
}
