using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace WebhookConsole.Tests.Shared;

/// <summary>
/// A stand-in OpenTelemetry collector on loopback: accepts OTLP/HTTP exports (<c>POST /v1/traces</c>, <c>/v1/metrics</c>)
/// and keeps each body. OTLP protobuf carries string attribute values as plain UTF-8, so a test finds ids in the bytes.
/// </summary>
public sealed class OtlpCollector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<(string Path, byte[] Body)> _exports = Channel.CreateUnbounded<(string, byte[])>();

    private OtlpCollector(WebApplication app) => _app = app;

    public string Endpoint { get; private set; } = "";

    public static async Task<OtlpCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var collector = new OtlpCollector(app);
        app.MapPost("/v1/{signal}", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            collector._exports.Writer.TryWrite((context.Request.Path.Value!, buffer.ToArray()));
            context.Response.ContentType = "application/x-protobuf";
            return Results.Ok();
        });
        await app.StartAsync();
        collector.Endpoint = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return collector;
    }

    /// <summary>Waits for a trace export whose bytes contain every one of <paramref name="texts"/>; fails after 30 s (a bound, not a sleep).</summary>
    public async Task<string> TraceExportContainingAsync(params string[] texts)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var seen = new StringBuilder();
        while (true)
        {
            var (path, body) = await _exports.Reader.ReadAsync(cts.Token);
            if (path != "/v1/traces")
            {
                continue;
            }

            seen.Append(Encoding.UTF8.GetString(body));
            var all = seen.ToString();
            if (texts.All(all.Contains))
            {
                return all;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
