using System.Diagnostics;

namespace WebhookConsole.Bench;

/// <summary>
/// (f) Noisy neighbour: one endpoint answers only after 15 s and has 400 deliveries due (cap: 16 in flight, timeout
/// 20 s), while a healthy endpoint receives a steady stream. What matters is the healthy endpoint's accept-to-receipt
/// latency, and that the stalled one stays saturated at its cap without taking more.
/// </summary>
public static class NoisyNeighbourBenchmark
{
    public const int StalledBacklog = 400;
    public const int StalledCap = 16;
    public const double HealthyRate = 50;

    public static async Task<NoisyNeighbourResult> RunAsync(BenchReceiver receiver, int concurrency, TimeSpan duration)
    {
        await using var engine = await EngineBench.StartAsync(concurrency);
        var stalledUrl = receiver.BaseUrl + "/stalled/endpoint";
        await engine.AddWebhookAsync(stalledUrl, "PersonCreated_v1");
        await engine.SetDeliverySettingsAsync(stalledUrl, StalledCap, TimeSpan.FromSeconds(20));
        await engine.AddWebhookAsync(receiver.BaseUrl + "/healthy", "AuthenticationSucceeded_v1");
        receiver.Reset();

        var backlog = await engine.Publisher.PublishManyAsync([.. Enumerable.Range(0, StalledBacklog)
            .Select(_ => new WebhookConsole.Engine.Delivery.EventToPublish(engine.OrganizationId, "PersonCreated_v1", EngineBench.PayloadOf("PersonCreated_v1")))]);
        if (backlog.Any(r => !r.Accepted))
        {
            throw new InvalidOperationException("The stalled endpoint's backlog was refused: " + string.Join(" ", backlog.SelectMany(r => r.Errors).Select(e => e.Message).Distinct()));
        }

        // Let the stalled endpoint fill its cap before the healthy stream starts.
        var deadline = Stopwatch.GetTimestamp() + 10 * Stopwatch.Frequency;
        while (receiver.StalledOpen < StalledCap && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(10);
        }

        var stalledSamples = new List<int>();
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                stalledSamples.Add(receiver.StalledOpen);
                await Task.Delay(100, CancellationToken.None);
            }
        });
        var (accepted, acceptedAt) = await engine.PublishAtRateAsync(HealthyRate, duration, "AuthenticationSucceeded_v1");
        await receiver.WaitForAsync(accepted, TimeSpan.FromMinutes(2));
        await sampling.CancelAsync();
        await sampler;

        var latencies = Stats.AcceptToReceipt(acceptedAt, receiver.FirstSeen).Select(t => t.Ms).Order().ToList();
        return new NoisyNeighbourResult(latencies.Count, Stats.Percentile(latencies, 50), Stats.Percentile(latencies, 99), latencies.Count == 0 ? double.NaN : latencies[^1],
            stalledSamples.Count == 0 ? 0 : stalledSamples.Count(s => s >= StalledCap) / (double)stalledSamples.Count, receiver.StalledMaxOpen);
    }
}

/// <summary>The healthy endpoint's latencies (ms) and what the stalled one held: the share of 100 ms samples at its cap, and the most requests open at once.</summary>
public sealed record NoisyNeighbourResult(int Samples, double P50, double P99, double Max, double StalledAtCap, int StalledMaxOpen);
