using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Components.Endpoints;

namespace WebhookConsole.Hosting;

/// <summary>
/// With Secure cookies (<c>Console:SecureCookies</c>, on outside Development) a console page over plain HTTP cannot
/// work: antiforgery refuses to issue its cookie (a 500) and browsers would not send the sign-in cookie back. Such a
/// request gets a page saying HTTPS is required and how to set it up, and one log line (at most one a minute), instead.
/// The REST API, health checks and metrics carry no cookie and are not affected.
/// </summary>
internal static partial class HttpsRequirement
{
    public static IApplicationBuilder UseHttpsRequirement(this IApplicationBuilder app, bool secureCookies)
    {
        if (!secureCookies)
        {
            return app;
        }

        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HttpsRequirement).FullName!);
        var nextLog = new StrongBox<long>(0); // Environment.TickCount64 from which the next refusal is logged.
        return app.Use((http, next) => RefuseOrPassAsync(http, next, logger, nextLog));
    }

    private static async Task RefuseOrPassAsync(HttpContext http, RequestDelegate next, ILogger logger, StrongBox<long> nextLog)
    {
        if (http.Request.IsHttps || http.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is null)
        {
            await next(http);
            return;
        }

        // The forwarded-headers middleware consumes X-Forwarded-Proto from a trusted proxy; one still here came from elsewhere.
        var untrustedProxy = http.Request.Headers.ContainsKey("X-Forwarded-Proto") ? http.Connection.RemoteIpAddress : null;
        LogOnceAMinute(logger, nextLog, http.Request.Path, untrustedProxy);
        http.Response.StatusCode = StatusCodes.Status403Forbidden;
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(Page(untrustedProxy));
    }

    private static void LogOnceAMinute(ILogger logger, StrongBox<long> nextLog, PathString path, IPAddress? untrustedProxy)
    {
        var now = Environment.TickCount64;
        var next = Interlocked.Read(ref nextLog.Value);
        if (now < next || Interlocked.CompareExchange(ref nextLog.Value, now + 60_000, next) != next)
        {
            return;
        }

        if (untrustedProxy is null)
        {
            Log.PlainHttp(logger, path);
        }
        else
        {
            Log.UntrustedProxy(logger, path, untrustedProxy.ToString());
        }
    }

    private static string Page(IPAddress? untrustedProxy)
    {
        var cause = untrustedProxy is null
            ? "This request reached WebhookConsole over plain HTTP, and no trusted proxy said the browser used HTTPS."
            : $"This request carried <code>X-Forwarded-Proto</code>, but it came from {WebUtility.HtmlEncode(untrustedProxy.ToString())}, "
              + "which is not a trusted proxy, so the header was ignored.";
        return $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>HTTPS required - WebhookConsole</title>
            <style>body{font-family:system-ui,sans-serif;max-width:42rem;margin:3rem auto;padding:0 1rem;line-height:1.5}code{background:#eee;padding:0 .2rem}</style></head>
            <body>
            <h1>This console needs HTTPS</h1>
            <p>{{cause}} Its sign-in and form cookies are <code>Secure</code> (<code>Console:SecureCookies</code>), so browsers
            only send them over HTTPS.</p>
            <p>To fix it, either:</p>
            <ul>
            <li>serve it through a TLS proxy (e.g. nginx, <code>deploy/nginx/webhookconsole.conf</code>) that sends
            <code>X-Forwarded-Proto: https</code>, and list the proxy's address in <code>ForwardedHeaders:KnownProxies</code>
            (or its network in <code>ForwardedHeaders:KnownNetworks</code>) on every node; loopback is trusted when neither is set;</li>
            <li>or give Kestrel a certificate and open the console at its <code>https://</code> address.</li>
            </ul>
            <p>See docs/deployment.md. The REST API, <code>/healthz</code> and <code>/readyz</code> answer over plain HTTP as before.</p>
            </body></html>
            """;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Refused a plain-HTTP request for the console page {Path}: the console needs HTTPS (Console:SecureCookies). Serve it through a TLS proxy that sends X-Forwarded-Proto: https and list the proxy in ForwardedHeaders:KnownProxies, or give Kestrel a certificate (docs/deployment.md). Further refusals within a minute are not logged.")]
        public static partial void PlainHttp(ILogger logger, string path);

        [LoggerMessage(2, LogLevel.Warning, "Refused a plain-HTTP request for the console page {Path}: it carried X-Forwarded-Proto from {Address}, which is not a trusted proxy, so the header was ignored. Add the proxy's address to ForwardedHeaders:KnownProxies (or its network to ForwardedHeaders:KnownNetworks) on every node (docs/deployment.md). Further refusals within a minute are not logged.")]
        public static partial void UntrustedProxy(ILogger logger, string path, string address);
    }
}
