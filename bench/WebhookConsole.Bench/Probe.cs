using System.Diagnostics;
using WebhookConsole.Engine.Delivery;

namespace WebhookConsole.Bench;

/// <summary>Isolates the engine's two halves for profiling: <c>--probe ingest</c>, <c>--probe dispatch</c>,
/// <c>--probe steady</c>, <c>--probe engine</c> (scenario (b) alone; with <c>--claimed-only</c>, every delivery through the claim)
/// and <c>--probe latency --rate N</c> (scenario (b)'s open loop at N events/s alone).</summary>
public static class Probe
{
    public static async Task RunAsync(string what, BenchReceiver receiver, int seconds, bool allocations = false, bool claimedOnly = false, double rate = 5000)
    {
        await using var engine = await EngineBench.StartAsync(64);
        if (what == "ingest")
        {
            // No subscriber: pure event writes through the group commit, after the same warm-up as the engine's, with
            // the process's CPU time per event.
            var warmup = await Warmup.UntilJitSettlesAsync(round => engine.PublishClosedLoopAsync(64, round, "AuthenticationSucceeded_v1"));
            var published = engine.Published;
            var cpu = CpuMeter.Start();
            var storage = StorageMeter.Start();
            var stopwatch = Stopwatch.StartNew();
            var accepted = await engine.PublishClosedLoopAsync(64, TimeSpan.FromSeconds(seconds), "AuthenticationSucceeded_v1");
            var count = engine.Published - published;
            Console.WriteLine($"ingest: {count / stopwatch.Elapsed.TotalSeconds:N0} events/s, {cpu.MicrosecondsPer(count):N0} µs CPU and "
                + $"{storage.KilobytesPer(count):N1} KB written each ({accepted} deliveries; {warmup})");
            return;
        }

        await engine.AddWebhookAsync(receiver.BaseUrl + "/probe", "AuthenticationSucceeded_v1");
        if (claimedOnly)
        {
            // A cap far above the 64 senders changes nothing of the sending, but a capped endpoint is never handed
            // over (what counts across nodes goes through the claim): every delivery is stored pending and claimed.
            await engine.SetDeliverySettingsAsync(receiver.BaseUrl + "/probe", 1000, TimeSpan.FromSeconds(10));
        }
        if (what == "engine")
        {
            // Scenario (b) alone, for profiling: the closed loop after a warm-up, with the process's CPU time per delivery.
            var warmup = await engine.WarmUpAsync(receiver, "AuthenticationSucceeded_v1");
            var (methods, jitTime) = (System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());
            using var sampler = allocations ? new AllocationSampler() : null;
            sampler?.Begin();
            var (allocated, paused, collections) = (GC.GetTotalAllocatedBytes(), GC.GetTotalPauseDuration(), GC.CollectionCount(0));
            var clock = Stopwatch.StartNew();
            var measured = await engine.MeasureClosedLoopAsync(receiver, 64, TimeSpan.FromSeconds(seconds), "AuthenticationSucceeded_v1");
            Console.WriteLine($"engine: {measured.PerSecond:N0} deliveries/s, {measured.CpuMicroseconds:N0} µs CPU and {measured.StoredKilobytes:N1} KB written each, {measured.HandedOver:P0} handed over ({warmup}); "
                + $"{System.Runtime.JitInfo.GetCompiledMethodCount() - methods:N0} methods compiled meanwhile in {(System.Runtime.JitInfo.GetCompilationTime() - jitTime).TotalMilliseconds:N0} ms; "
                + $"{(GC.GetTotalAllocatedBytes() - allocated) / 1024.0 / measured.Accepted:N1} KB allocated per delivery, {GC.CollectionCount(0) - collections:N0} collections pausing {(GC.GetTotalPauseDuration() - paused) / clock.Elapsed:P1} of the time");
            sampler?.Report(Console.Out);
            return;
        }

        if (what == "latency")
        {
            // Scenario (b)'s latency alone, after the same warm-up, at --rate events/s: where the slow ones fall.
            var warmup = await engine.WarmUpAsync(receiver, "AuthenticationSucceeded_v1");
            var latency = await engine.MeasureLatencyAsync(receiver, rate, TimeSpan.FromSeconds(seconds), "AuthenticationSucceeded_v1");
            Console.WriteLine($"latency at {rate:N0} events/s: p50 {latency.P50:N1} ms, p99 {latency.P99:N1} ms, max {latency.Max:N0} ms; "
                + $"{latency.Over25Ms:N0} of {latency.Samples:N0} over 25 ms"
                + (latency.Over25Ms == 0 ? "" : $", {latency.WorstSecondOver25Ms:N0} of them accepted in second {latency.WorstSecond} (its slowest {latency.WorstSecondMax:N0} ms)")
                + $" ({warmup})");
            return;
        }

        var total = what == "steady" ? 300_000 : 20_000;
        receiver.Reset();
        var events = Enumerable.Range(0, total).Select(_ => new EventToPublish(engine.OrganizationId, "AuthenticationSucceeded_v1", EngineBench.Payload)).ToList();
        var start = Stopwatch.GetTimestamp();
        var spent = CpuMeter.Start();
        foreach (var chunk in events.Chunk(1000))
        {
            await engine.Publisher.PublishManyAsync(chunk);
        }

        Console.WriteLine($"bulk publish of {total:N0}: {Stopwatch.GetElapsedTime(start).TotalMilliseconds:N0} ms, {spent.MicrosecondsPer(total):N0} µs CPU per event (the dispatcher sending meanwhile)");
        spent = CpuMeter.Start();
        var sent = receiver.Count;
        await receiver.WaitForAsync(total, TimeSpan.FromMinutes(3));
        Console.WriteLine($"dispatch: {receiver.Count / Stopwatch.GetElapsedTime(start).TotalSeconds:N0} deliveries/s; after the publish, {spent.MicrosecondsPer(receiver.Count - sent):N0} µs CPU per delivery");
    }
}
