namespace WebhookConsole.Bench;

/// <summary>Percentiles of a latency sample, in milliseconds.</summary>
public static class Stats
{
    public static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
}
