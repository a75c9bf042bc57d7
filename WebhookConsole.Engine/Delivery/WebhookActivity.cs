using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Persistence;

namespace WebhookConsole.Engine.Delivery;

/// <summary>
/// One webhook's attempts per minute by outcome, with latency p50 and p99, over a recent window (the webhook page's
/// chart). Like <see cref="AttemptRates"/>, the window's first attempt is found by a binary search over the attempts'
/// primary key, so only the window's rows are read; per minute figures are computed here, the same way on SQLite and PostgreSQL.
/// </summary>
public sealed class WebhookActivity(IDbContextFactory<WebhookDbContext> dbs, TimeProvider time)
{
    /// <summary>One entry per minute of the window ending with the current minute, oldest first; empty minutes have zero counts and no latency.</summary>
    public async Task<IReadOnlyList<WebhookMinute>> PerMinuteAsync(Guid organizationId, Guid webhookId, TimeSpan window, CancellationToken cancellationToken = default)
    {
        var endMinute = time.GetUtcNow().ToUnixTimeSeconds() / 60;
        var minutes = Math.Max(1, (int)Math.Ceiling(window.TotalMinutes));
        var startMinute = endMinute - minutes + 1;
        var since = DateTimeOffset.FromUnixTimeSeconds(startMinute * 60);
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var firstId = await AttemptRates.FirstIdStartedSinceAsync(db, since - AttemptRates.IdOrderSlack, cancellationToken);
        var attempts = firstId is not { } first ? [] : await db.Attempts.AsNoTracking()
            .Where(a => a.Id >= first && a.StartedAt >= since)
            .Join(db.Deliveries.Where(d => d.WebhookId == webhookId && d.OrganizationId == organizationId && d.Event!.TriggerType != TriggerType.SyncHook), a => a.DeliveryId, d => d.Id,
                (a, d) => new Sample(a.StartedAt, a.Duration, a.Error))
            .ToListAsync(cancellationToken);
        var byMinute = attempts.ToLookup(a => a.StartedAt.ToUnixTimeSeconds() / 60);
        return [.. Enumerable.Range(0, minutes).Select(i =>
        {
            var minute = startMinute + i;
            var samples = byMinute[minute].ToList();
            var latencies = samples.Select(s => s.Duration.TotalMilliseconds).Order().ToList();
            return new WebhookMinute(
                DateTimeOffset.FromUnixTimeSeconds(minute * 60),
                samples.Count(s => s.Error == AttemptError.None),
                samples.Count(s => s.Error != AttemptError.None),
                Percentile(latencies, 0.50),
                Percentile(latencies, 0.99));
        })];
    }

    // Nearest rank: the smallest sample with at least p of the samples at or below it.
    internal static double? Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private sealed record Sample(DateTimeOffset StartedAt, TimeSpan Duration, AttemptError Error);
}

/// <summary>Attempts that started in one minute: how many succeeded and failed, and their latency p50 and p99 in milliseconds (null when none).</summary>
public sealed record WebhookMinute(DateTimeOffset Minute, int Succeeded, int Failed, double? LatencyP50Ms, double? LatencyP99Ms);
