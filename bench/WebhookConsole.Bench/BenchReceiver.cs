using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WebhookConsole.Bench;

/// <summary>
/// The loopback receiver every scenario posts to: answers 200 at once, counts requests, and notes when each
/// message id (the <c>webhook-id</c> header) first arrived, for accept-to-receipt latency.
/// </summary>
public sealed class BenchReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _count;

    private BenchReceiver(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public long Count => Interlocked.Read(ref _count);

    public ConcurrentDictionary<Guid, long> FirstSeen { get; private set; } = new();

    /// <summary>How long <c>/stalled/…</c> takes to answer: a customer's server in trouble.</summary>
    public static readonly TimeSpan StallFor = TimeSpan.FromSeconds(15);

    /// <summary>Requests open at <c>/stalled/…</c> now, and the most at once.</summary>
    public int StalledOpen => Volatile.Read(ref _stalledOpen);

    public int StalledMaxOpen => Volatile.Read(ref _stalledMaxOpen);

    private int _stalledOpen;
    private int _stalledMaxOpen;

    public static async Task<BenchReceiver> StartAsync()
    {
        // Settings read once, as the engine's host and the app do: a reload on change would watch the directory the
        // bench runs from, and with it the engine's database when that lies below it (run from /tmp, the watcher woken
        // by every write took about 7% of the process's CPU).
        var builder = WebApplication.CreateSlimBuilder(["--hostBuilder:reloadConfigOnChange=false"]);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxConcurrentConnections = null);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new BenchReceiver(app);
        app.MapPost("/stalled/{**path}", async (HttpContext context) =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            var open = Interlocked.Increment(ref receiver._stalledOpen);
            InterlockedMax(ref receiver._stalledMaxOpen, open);
            try
            {
                await Task.Delay(StallFor, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The engine gave up waiting, or the benchmark is over.
            }
            finally
            {
                Interlocked.Decrement(ref receiver._stalledOpen);
            }

            return Results.Ok();
        });
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            var now = Stopwatch.GetTimestamp();
            await context.Request.Body.CopyToAsync(Stream.Null);
            if (context.Request.Headers.TryGetValue("webhook-id", out var header) && Guid.TryParse(header.ToString(), out var id))
            {
                receiver.FirstSeen.TryAdd(id, now);
            }

            Interlocked.Increment(ref receiver._count);
            return Results.Ok();
        });
        await app.StartAsync();
        receiver.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return receiver;
    }

    /// <summary>Waits until <paramref name="expected"/> requests arrived or <paramref name="limit"/> passed; returns when the last one came.</summary>
    public async Task<bool> WaitForAsync(long expected, TimeSpan limit)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        while (Count < expected)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                return false;
            }

            await Task.Delay(5);
        }

        return true;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen && Interlocked.CompareExchange(ref target, value, seen) != seen; seen = Volatile.Read(ref target))
        {
        }
    }

    /// <param name="expected">
    /// How many messages the next phase sends: the arrivals' table is made that large at once, so it never grows (and
    /// holds up the requests that arrive while it copies itself) in the middle of a latency measurement.
    /// </param>
    public void Reset(int expected = 0)
    {
        Interlocked.Exchange(ref _count, 0);
        FirstSeen = expected > 0 ? new ConcurrentDictionary<Guid, long>(Environment.ProcessorCount, expected) : new();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
