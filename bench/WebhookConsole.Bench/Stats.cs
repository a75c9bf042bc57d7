using System.Diagnostics;

namespace WebhookConsole.Bench;

/// <summary>Latencies from an open loop's acceptance times and the receiver's first arrivals, and their percentiles, in milliseconds.</summary>
public static class Stats
{
    public static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>
    /// Each accepted message that arrived: when it was accepted (a <see cref="Stopwatch"/> timestamp) and how many
    /// milliseconds later it first reached the receiver.
    /// </summary>
    public static List<(long AcceptedAt, double Ms)> AcceptToReceipt(IReadOnlyDictionary<Guid, long> acceptedAt, IReadOnlyDictionary<Guid, long> firstSeen)
    {
        var timed = new List<(long, double)>(acceptedAt.Count);
        foreach (var (id, accepted) in acceptedAt)
        {
            if (firstSeen.TryGetValue(id, out var seen))
            {
                timed.Add((accepted, Math.Max(0, (seen - accepted) * 1000.0 / Stopwatch.Frequency)));
            }
        }

        return timed;
    }
}
