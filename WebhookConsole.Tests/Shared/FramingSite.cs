using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace WebhookConsole.Tests.Shared;

/// <summary>
/// A tenant's own site on another loopback origin (<c>http://localhost:port</c>, another site than the hub's
/// <c>127.0.0.1</c>): <c>/?portal=&lt;url&gt;</c> is a page that shows that URL in an iframe.
/// </summary>
public sealed class FramingSite : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FramingSite(WebApplication app, Uri origin)
    {
        _app = app;
        Origin = origin;
    }

    /// <summary>The site's origin, e.g. <c>http://localhost:41234</c> (no trailing slash).</summary>
    public Uri Origin { get; }

    public string OriginText => Origin.GetLeftPart(UriPartial.Authority);

    public static async Task<FramingSite> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/", (string portal) => Results.Content(
            $"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Tenant site</title></head><body style="margin:0;font-family:sans-serif"><header style="padding:8px 16px;background:#223;color:#fff">Acme developer hub</header><iframe title="Webhooks portal" src="{System.Net.WebUtility.HtmlEncode(portal)}" style="width:100%;height:1400px;border:0"></iframe></body></html>""",
            "text/html"));
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new FramingSite(app, new Uri($"http://localhost:{address.Port}"));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
