using Microsoft.Extensions.Options;
using WebhookConsole.Tenancy.Portal;

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

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        // The tenant portal may be framed by the origins the platform allows (Portal:AllowedFrameAncestors), and only there.
        var portal = app.ApplicationServices.GetRequiredService<IOptions<PortalOptions>>().Value;
        var portalPolicy = ContentSecurityPolicy.Replace("frame-ancestors 'none'", "frame-ancestors " + string.Join(' ', ["'self'", .. portal.Origins]), StringComparison.Ordinal);
        return app.Use((http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                if (http.Request.Path.StartsWithSegments(PortalPath))
                {
                    // X-Frame-Options cannot name origins; frame-ancestors does, and browsers that know it ignore the former.
                    headers.ContentSecurityPolicy = portalPolicy;
                    return Task.CompletedTask;
                }

                headers.XFrameOptions = "DENY";
                headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments("/swagger") ? SwaggerPolicy : ContentSecurityPolicy;
                return Task.CompletedTask;
            });
            return next(http);
        });
    }

    /// <summary>Where the tenant portal lives: <c>/portal/{token}</c>.</summary>
    public const string PortalPath = "/portal";
}
