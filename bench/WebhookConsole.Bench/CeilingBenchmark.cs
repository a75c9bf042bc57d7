using System.Diagnostics;

namespace WebhookConsole.Bench;

/// <summary>(a) The machine's limit: sign and POST the same bodies with the same concurrency, nothing stored.</summary>
public static class CeilingBenchmark
{
    public static async Task<(double Rate, long Sent)> RunAsync(BenchReceiver receiver, int concurrency, TimeSpan duration)
    {
        receiver.Reset();
        using var client = Signer.NewClient();
        var url = receiver.BaseUrl + "/ceiling";
        var stop = Stopwatch.StartNew();
        long sent = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (stop.Elapsed < duration)
            {
                var id = Guid.NewGuid().ToString();
                using var request = Signer.Request(url, id, Signer.Body(id));
                using var response = await client.SendAsync(request);
                response.EnsureSuccessStatusCode();
                Interlocked.Increment(ref sent);
            }
        }));
        return (sent / stop.Elapsed.TotalSeconds, sent);
    }
}
