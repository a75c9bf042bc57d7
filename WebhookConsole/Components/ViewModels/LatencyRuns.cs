using WebhookConsole.Engine.Delivery;

namespace WebhookConsole.Components.ViewModels;

/// <summary>One minute's latency on the activity chart.</summary>
public sealed record LatencyPoint(DateTime Time, double P50, double P99);

/// <summary>
/// A webhook's latency line in runs of consecutive minutes with attempts: a minute without attempts has no latency, so
/// it ends a run and is drawn as a gap, never as a latency of 0.
/// </summary>
public static class LatencyRuns
{
    public static IReadOnlyList<IReadOnlyList<LatencyPoint>> Of(IReadOnlyList<WebhookMinute> minutes)
    {
        var runs = new List<IReadOnlyList<LatencyPoint>>();
        List<LatencyPoint>? run = null;
        foreach (var minute in minutes)
        {
            if (minute.LatencyP50Ms is not { } p50 || minute.LatencyP99Ms is not { } p99)
            {
                run = null;
                continue;
            }

            if (run is null)
            {
                run = [];
                runs.Add(run);
            }

            // Radzen's category axis formats DateTime, not DateTimeOffset.
            run.Add(new LatencyPoint(minute.Minute.UtcDateTime, p50, p99));
        }

        return runs;
    }
}
