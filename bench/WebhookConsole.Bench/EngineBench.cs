using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WebhookConsole.Engine;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Configuration;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Diagnostics;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Maintenance;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Engine.Webhooks;

namespace WebhookConsole.Bench;

/// <summary>The real engine (publisher, queue, dispatcher) on a fresh SQLite file, as the app runs it.</summary>
public sealed class EngineBench : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string _directory;
    private long _published;

    private EngineBench(IHost host, string directory, Guid organizationId)
    {
        _host = host;
        _directory = directory;
        OrganizationId = organizationId;
    }

    public Guid OrganizationId { get; }

    /// <summary>Deliveries claimed at once (<c>Delivery:BatchSize</c>).</summary>
    public static int BatchSize { get; set; } = 100;

    /// <summary>
    /// Each closed-loop event names a person of its own (<c>--persons distinct</c>) instead of the one person of
    /// <see cref="Payload"/>: every event's subject then lands at its own place in the erasure's index, as on a hub
    /// whose users are many.
    /// </summary>
    public static bool DistinctPersons { get; set; }

    private const string PersonId = "0647620e-b32f-727b-8004-3f29d8ec5520";

    public IEventPublisher Publisher => _host.Services.GetRequiredService<IEventPublisher>();

    /// <summary>Events accepted by the closed-loop publishers so far.</summary>
    public long Published => Interlocked.Read(ref _published);

    public WebhookService Webhooks => _host.Services.GetRequiredService<WebhookService>();

    public IServiceProvider Services => _host.Services;

    /// <summary>The SQLite file the engine runs on.</summary>
    public string DatabasePath => Path.Combine(_directory, "bench.db");

    private static readonly string MasterKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <param name="postgres">A PostgreSQL database to run on instead of a fresh SQLite file.</param>
    /// <param name="organizationId">The organization, when another node on the same database made it.</param>
    public static async Task<EngineBench> StartAsync(int parallelism, string? postgres = null, Guid? organizationId = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "webhookconsole-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        // As the app does (Program.cs): settings read once, so no file watcher wakes at every write of a database that
        // lies under the content root (the working directory, /tmp when the bench is started from there).
        var builder = Host.CreateApplicationBuilder(["--hostBuilder:reloadConfigOnChange=false"]);
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("BENCH_LOG") is not null)
        {
            builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        }

        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:WebhookConsole"] = $"Data Source={Path.Combine(directory, "bench.db")}",
            ["Delivery:AllowInsecureTargets"] = "true",
            ["Delivery:MaxParallelism"] = parallelism.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Delivery:BatchSize"] = BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Nodes on one database share the key that protects the key ring, as every node of a deployment must.
            ["DataProtection:MasterKey"] = MasterKey,
        });
        if (postgres is not null)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Postgres",
                ["ConnectionStrings:WebhookConsole"] = postgres,
            });
        }

        builder.Services.AddWebhookEngine(builder.Configuration, directory);
        var host = builder.Build();
        await host.StartAsync();
        if (organizationId is null)
        {
            organizationId = Guid.NewGuid();
            using var scope = host.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<WebhookDbContext>();
            db.Organizations.Add(new Organization { Id = organizationId.Value, Handle = "bench", Name = "bench", CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        return new EngineBench(host, directory, organizationId.Value);
    }

    /// <summary>Gives a webhook a cap on requests in flight and a request timeout, as an operator would in its form.</summary>
    public async Task SetDeliverySettingsAsync(string url, int? maxInFlight, TimeSpan timeout)
    {
        using var scope = _host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WebhookDbContext>();
        await db.Webhooks.Where(w => w.TargetUrl == url)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.MaxInFlight, maxInFlight).SetProperty(w => w.Timeout, timeout));
    }

    public async Task AddWebhookAsync(string url, string eventName)
    {
        var result = await Webhooks.CreateAsync(OrganizationId, new WebhookInput
        {
            Name = url,
            TargetUrl = url,
            Format = WebhookFormat.Standard,
            Channels = null,
            Triggers = [new TriggerInput(TriggerType.Event, eventName)],
        });
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Message)));
        }
    }

    /// <summary>
    /// Every maintenance job run once, then closed-loop rounds until the JIT has settled (<see cref="Warmup"/>), each
    /// round delivered before the next.
    /// </summary>
    public async Task<string> WarmUpAsync(BenchReceiver receiver, string eventName)
    {
        await RunMaintenanceOnceAsync();
        return await Warmup.UntilJitSettlesAsync(async round =>
        {
            receiver.Reset();
            await receiver.WaitForAsync(await PublishClosedLoopAsync(64, round, eventName), TimeSpan.FromMinutes(2));
        });
    }

    // The maintenance jobs first run a minute or more after start (the lease reaper's minute fell inside a probe's
    // measured phase), and a first run compiles its EF Core queries: hundreds of methods, one time. Run here, they stay
    // out of the measurement, as the engine's own first calls do.
    private async Task RunMaintenanceOnceAsync()
    {
        var jobs = _host.Services.GetRequiredService<MaintenanceJobs>();
        foreach (var name in MaintenanceOptions.JobNames)
        {
            await jobs.TriggerNowAsync(name);
        }

        var waited = Stopwatch.StartNew();
        while ((await jobs.ListAsync()).Any(job => job.LastRun is null))
        {
            if (waited.Elapsed > TimeSpan.FromMinutes(1))
            {
                throw new TimeoutException("The maintenance jobs did not all run within a minute of being triggered.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Scenario (b)'s measurement: the closed loop for <paramref name="duration"/> until all it accepted is delivered,
    /// as deliveries per second from the first publish to the last receipt, with the process's CPU time per delivery.
    /// </summary>
    public async Task<ClosedLoopResult> MeasureClosedLoopAsync(BenchReceiver receiver, int publishers, TimeSpan duration, string eventName)
    {
        receiver.Reset();
        using var handedOver = new CounterMeter(DeliveryMetrics.MeterName, DeliveryMetrics.HandedOverName);
        var cpu = CpuMeter.Start();
        var storage = StorageMeter.Start();
        var start = Stopwatch.GetTimestamp();
        var accepted = await PublishClosedLoopAsync(publishers, duration, eventName);
        var drained = await receiver.WaitForAsync(accepted, TimeSpan.FromMinutes(5));
        return new ClosedLoopResult(receiver.Count / Stopwatch.GetElapsedTime(start).TotalSeconds, cpu.MicrosecondsPer(receiver.Count), accepted, drained,
            storage.KilobytesPer(receiver.Count), accepted == 0 ? 0 : (double)handedOver.Total / accepted);
    }

    /// <summary>Closed loop: <paramref name="publishers"/> callers publish as fast as accepted for <paramref name="duration"/>.</summary>
    public async Task<long> PublishClosedLoopAsync(int publishers, TimeSpan duration, string eventName)
    {
        var stop = Stopwatch.StartNew();
        long accepted = 0;
        await Task.WhenAll(Enumerable.Range(0, publishers).Select(async _ =>
        {
            while (stop.Elapsed < duration)
            {
                var payload = DistinctPersons ? Payload.Replace(PersonId, Guid.NewGuid().ToString(), StringComparison.Ordinal) : Payload;
                var result = await Publisher.PublishAsync(new EventToPublish(OrganizationId, eventName, payload));
                Interlocked.Add(ref accepted, result.DeliveryCount);
                Interlocked.Increment(ref _published);
            }
        }));
        return accepted;
    }

    /// <summary>
    /// Scenario (b)'s latency: events offered at <paramref name="ratePerSecond"/> for <paramref name="duration"/>, each
    /// timed from its acceptance to its first arrival at the receiver, with the worst second of acceptance.
    /// </summary>
    public async Task<LatencyResult> MeasureLatencyAsync(BenchReceiver receiver, double ratePerSecond, TimeSpan duration, string eventName)
    {
        receiver.Reset(Expected(ratePerSecond, duration));
        var start = Stopwatch.GetTimestamp();
        var (accepted, acceptedAt) = await PublishAtRateAsync(ratePerSecond, duration, eventName);
        await receiver.WaitForAsync(accepted, TimeSpan.FromMinutes(2));
        var timed = Stats.AcceptToReceipt(acceptedAt, receiver.FirstSeen);
        var latencies = timed.Select(t => t.Ms).Order().ToList();
        var worst = timed.GroupBy(t => (int)((t.AcceptedAt - start) / Stopwatch.Frequency))
            .Select(g => (Second: g.Key, Late: g.Count(t => t.Ms > 25), Max: g.Max(t => t.Ms)))
            .OrderByDescending(g => g.Late).FirstOrDefault();
        return new LatencyResult(Stats.Percentile(latencies, 50), Stats.Percentile(latencies, 99), latencies.Count == 0 ? double.NaN : latencies[^1],
            latencies.Count, latencies.Count(l => l > 25), worst.Second, worst.Late, worst.Max);
    }

    /// <summary>Open loop: events offered at <paramref name="ratePerSecond"/> for <paramref name="duration"/>, whatever the engine does.</summary>
    public async Task<(long Accepted, ConcurrentDictionary<Guid, long> AcceptedAt)> PublishAtRateAsync(double ratePerSecond, TimeSpan duration, string eventName)
    {
        // Made large enough at once: a table that grows copies itself while the publishers wait on it.
        var acceptedAt = new ConcurrentDictionary<Guid, long>(Environment.ProcessorCount, Expected(ratePerSecond, duration));
        var inFlight = new List<Task>();
        var stop = Stopwatch.StartNew();
        long offered = 0;
        long accepted = 0;
        while (stop.Elapsed < duration)
        {
            var due = (long)(stop.Elapsed.TotalSeconds * ratePerSecond);
            for (; offered < due; offered++)
            {
                inFlight.Add(Task.Run(async () =>
                {
                    var result = await Publisher.PublishAsync(new EventToPublish(OrganizationId, eventName, Payload));
                    acceptedAt[result.EventId] = Stopwatch.GetTimestamp();
                    Interlocked.Add(ref accepted, result.DeliveryCount);
                }));
            }

            inFlight.RemoveAll(t => t.IsCompleted);
            await Task.Delay(1);
        }

        await Task.WhenAll(inFlight);
        return (accepted, acceptedAt);
    }

    // How many events an open loop offers, with a margin.
    private static int Expected(double ratePerSecond, TimeSpan duration) => (int)(ratePerSecond * duration.TotalSeconds * 1.1) + 1000;

    public const string Payload = $$"""{"event_metadata":{"event_name":"AuthenticationSucceeded_v1","event_type":"AuthenticationSucceeded","source":2,"timestamp":"2026-11-21T12:00:00Z","is_test_event":false},"analytics_metadata":{"analytics_correlation_id":"3b132de1-3b11-4546-a2fe-521287c4a592"},"authenticated_methods":["email_link"],"browser_metadata":{"window_location":"https://app.example.com/login","user_agent":"mozilla"},"person_id":"{{PersonId}}"}""";

    /// <summary>The benchmark payload as an event of <paramref name="eventName"/> (its event_metadata names the event).</summary>
    public static string PayloadOf(string eventName) => Payload
        .Replace("AuthenticationSucceeded_v1", eventName)
        .Replace("\"AuthenticationSucceeded\"", $"\"{EventContent.EventTypeOf(eventName)}\"");

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS's temp clean-up.
        }
    }
}

/// <summary>A closed loop's deliveries per second, CPU time per delivery, events' deliveries accepted, and whether all arrived.</summary>
/// <param name="StoredKilobytes">Kilobytes written to storage (the database and its log) per delivery.</param>
/// <param name="HandedOver">The share of the deliveries handed straight to the dispatcher rather than claimed from the queue.</param>
public sealed record ClosedLoopResult(double PerSecond, double CpuMicroseconds, long Accepted, bool Drained, double StoredKilobytes, double HandedOver);

/// <summary>
/// An open loop's accept-to-receipt latencies in milliseconds: percentiles, the maximum, how many took over 25 ms, and
/// the second (from the start) with the most of those, with its count and its slowest.
/// </summary>
public sealed record LatencyResult(double P50, double P99, double Max, int Samples, int Over25Ms, int WorstSecond, int WorstSecondOver25Ms, double WorstSecondMax);
