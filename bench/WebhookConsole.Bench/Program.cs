using System.Diagnostics;
using System.Globalization;
using WebhookConsole.Bench;

// Runs every scenario against one loopback receiver with the same concurrency and prints a table, then the
// RESULT line (docs/performance.md). Usage: dotnet run -c Release --project bench/WebhookConsole.Bench -- --seconds 20
var seconds = args.SkipWhile(a => a != "--seconds").Skip(1).Select(int.Parse).DefaultIfEmpty(20).First();
const int Concurrency = 64;
EngineBench.BatchSize = args.SkipWhile(a => a != "--batch").Skip(1).Select(int.Parse).DefaultIfEmpty(EngineBench.BatchSize).First();
EngineBench.DistinctPersons = args.SkipWhile(a => a != "--persons").Skip(1).FirstOrDefault() == "distinct";
const string EventName = "AuthenticationSucceeded_v1";
var duration = TimeSpan.FromSeconds(seconds);
var postgresSettings = args.Select((a, i) => (a, i)).Where(p => p.a == "--pg").Select(p => args[p.i + 1]).ToArray();
var culture = CultureInfo.InvariantCulture;
var probe = args.SkipWhile(a => a != "--probe").Skip(1).FirstOrDefault();
var rows = args.SkipWhile(a => a != "--rows").Skip(1).Select(int.Parse).DefaultIfEmpty(1_000_000).First();
Console.WriteLine($"WebhookConsole benchmark: {Environment.ProcessorCount} cores, {seconds} s per phase, concurrency {Concurrency}, .NET {Environment.Version}");

if (probe == "deliveries-page")
{
    await DeliveriesPageProbe.RunAsync(rows);
    return;
}

if (probe == "erasure")
{
    await ErasureProbe.RunAsync(rows);
    return;
}

if (probe == "retention")
{
    await RetentionProbe.RunAsync(rows);
    return;
}

await using var receiver = await BenchReceiver.StartAsync();
if (probe == "noisy-neighbour")
{
    var alone = await NoisyNeighbourBenchmark.RunAsync(receiver, Concurrency, duration);
    Console.WriteLine(string.Create(culture,
        $"noisy neighbour: healthy p50 {alone.P50:F1} ms, p99 {alone.P99:F1} ms, max {alone.Max:F1} ms ({alone.Samples} samples); stalled at its cap {alone.StalledAtCap:P0} of the time, at most {alone.StalledMaxOpen} open"));
    return;
}

if (probe == "http-publish")
{
    await HttpPublishProbe.RunAsync(receiver, seconds);
    return;
}

if (probe == "send")
{
    await SendProbe.RunAsync(receiver, seconds);
    return;
}

if (probe == "postgres")
{
    var alone = await PostgresBenchmark.RunAsync(receiver, Concurrency, duration, EventName, postgresSettings);
    Console.WriteLine($"postgres: one node {alone.OneNode:N0} deliveries/s, two nodes on one database {alone.TwoNodes:N0} deliveries/s");
    return;
}

if (probe is not null)
{
    await Probe.RunAsync(probe, receiver, seconds, args.Contains("--allocations"), args.Contains("--claimed-only"),
        args.SkipWhile(a => a != "--rate").Skip(1).Select(a => double.Parse(a, culture)).DefaultIfEmpty(5000).First());
    return;
}

// Warm-up: JIT, connection pools.
var ceilingWarmup = await Warmup.UntilJitSettlesAsync(round => CeilingBenchmark.RunAsync(receiver, Concurrency, round));
var ceilingCpu = CpuMeter.Start();
var (ceiling, ceilingSent) = await CeilingBenchmark.RunAsync(receiver, Concurrency, duration);
var ceilingCpuUs = ceilingCpu.MicrosecondsPer(ceilingSent);
Console.WriteLine($"(a) ceiling: sign + POST, nothing stored            {ceiling,10:N0} req/s, {ceilingCpuUs:N0} µs CPU each ({ceilingWarmup})");

double engineRate;
double engineCpuUs;
double offered = ceiling / 4;
LatencyResult latency;
await using (var engine = await EngineBench.StartAsync(Concurrency))
{
    await engine.AddWebhookAsync(receiver.BaseUrl + "/engine", EventName);

    // Warm-up, as for the ceiling: JIT tiers, connection pools, SQLite page cache.
    var engineWarmup = await engine.WarmUpAsync(receiver, EventName);

    receiver.Reset();
    var measured = await engine.MeasureClosedLoopAsync(receiver, Concurrency, duration, EventName);
    (engineRate, engineCpuUs) = (measured.PerSecond, measured.CpuMicroseconds);
    Console.WriteLine($"(b) engine end to end on SQLite, closed loop         {engineRate,10:N0} deliveries/s, {engineCpuUs:N0} µs CPU and {measured.StoredKilobytes:N1} KB written each, {measured.HandedOver:P0} handed over ({measured.Accepted:N0} accepted, {(measured.Drained ? "all" : "NOT all")} delivered; {engineWarmup})");

    latency = await engine.MeasureLatencyAsync(receiver, offered, duration / 2, EventName);
    Console.WriteLine($"    at a steady {offered:N0} events/s (a quarter of the ceiling): accept -> receiver p50 {latency.P50:N1} ms, p99 {latency.P99:N1} ms, max {latency.Max:N0} ms ({latency.Samples:N0} samples, {latency.Over25Ms:N0} over 25 ms)");
}

double fanOutRate;
await using (var engine = await EngineBench.StartAsync(Concurrency))
{
    const int Webhooks = 100;
    const int Events = 200;
    for (var i = 0; i < Webhooks; i++)
    {
        await engine.AddWebhookAsync($"{receiver.BaseUrl}/fan/{i}", "PersonCreated_v1");
    }

    receiver.Reset();
    var start = Stopwatch.GetTimestamp();
    for (var i = 0; i < Events; i++)
    {
        var published = await engine.Publisher.PublishAsync(new(engine.OrganizationId, "PersonCreated_v1", EngineBench.PayloadOf("PersonCreated_v1")));
        if (!published.Accepted)
        {
            throw new InvalidOperationException("The fan-out event was refused: " + string.Join(" ", published.Errors.Select(e => e.Message)));
        }
    }

    await receiver.WaitForAsync(Webhooks * Events, TimeSpan.FromMinutes(5));
    fanOutRate = receiver.Count / Stopwatch.GetElapsedTime(start).TotalSeconds;
    Console.WriteLine($"(e) fan-out: {Events} events x {Webhooks} webhooks               {fanOutRate,10:N0} deliveries/s");
}

var noisy = await NoisyNeighbourBenchmark.RunAsync(receiver, Concurrency, duration);
Console.WriteLine($"(f) noisy neighbour: {NoisyNeighbourBenchmark.StalledBacklog} due at a 15 s endpoint (cap {NoisyNeighbourBenchmark.StalledCap}), {NoisyNeighbourBenchmark.HealthyRate:N0}/s to a healthy one");
Console.WriteLine($"    healthy accept -> receiver p50 {noisy.P50:N1} ms, p99 {noisy.P99:N1} ms, max {noisy.Max:N1} ms ({noisy.Samples:N0} samples); stalled at its cap {noisy.StalledAtCap:P0} of the time, at most {noisy.StalledMaxOpen} open");

var postgres = PostgresBenchmark.Available ? await PostgresBenchmark.RunAsync(receiver, Concurrency, duration, EventName, postgresSettings) : null;
Console.WriteLine(postgres is null
    ? "(g) PostgreSQL: not measured (no PostgreSQL server package under /usr/lib/postgresql)"
    : $"(g) engine on PostgreSQL, one node                  {postgres.OneNode,10:N0} deliveries/s ({postgres.OneNode / engineRate:F2}x SQLite)\n"
      + $"    two nodes on one PostgreSQL database            {postgres.TwoNodes,10:N0} deliveries/s ({postgres.TwoNodes / postgres.OneNode:F2}x one node)");

var quartz = await QuartzPeerBenchmark.RunAsync(receiver, Concurrency, duration / 2);
Console.WriteLine($"(c) peer: one Quartz job per delivery, SQLite store  {quartz,10:N0} deliveries/s");

var peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
Console.WriteLine($"(d) peak working set of this process                {peakMb,10:N0} MB");
Console.WriteLine(string.Create(culture,
    $"RESULT engine_per_s={engineRate:F0} ceiling_per_s={ceiling:F0} ratio={engineRate / ceiling:F3} cpu_ratio={ceilingCpuUs / engineCpuUs:F3} quartz_per_s={quartz:F0} p99_ms={latency.P99:F1} peak_ws_mb={peakMb:F0} noisy_neighbour_p99_ms={noisy.P99:F1} pg_one_node_per_s={postgres?.OneNode ?? double.NaN:F0} pg_two_nodes_per_s={postgres?.TwoNodes ?? double.NaN:F0}"));
