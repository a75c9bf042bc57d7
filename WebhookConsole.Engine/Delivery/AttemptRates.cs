using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Persistence;

namespace WebhookConsole.Engine.Delivery;

/// <summary>
/// Succeeded and failed attempts per second over a recent window, from the attempts table, for the jobs page's
/// realtime graph. Sync-hook calls are left out: they are not queued deliveries and have their own page. The attempts table has no index on its start time, so the window's first row is found by a binary
/// search over the primary key (ids grow with time), and only rows from there on are read.
/// </summary>
public sealed class AttemptRates(IDbContextFactory<WebhookDbContext> dbs, SqlDialect dialect, TimeProvider time)
{
    // An attempt's row is written when it ends, so ids follow start times only up to the longest timeout (20 s).
    internal static readonly TimeSpan IdOrderSlack = TimeSpan.FromSeconds(30);

    // Finished hours never change: the 24-hour history recomputes only the current hour on each refresh.
    private readonly ConcurrentDictionary<(Guid Organization, long Hour), AttemptRate> _finishedHours = new();

    /// <summary>One entry per second of the window ending now, oldest first, zero where nothing happened.</summary>
    public Task<IReadOnlyList<AttemptRate>> PerSecondAsync(Guid organizationId, TimeSpan window, CancellationToken cancellationToken = default) =>
        BucketsAsync(organizationId, window, TimeSpan.FromSeconds(1), cache: false, cancellationToken);

    /// <summary>One entry per hour of the window ending with the current hour, oldest first.</summary>
    public Task<IReadOnlyList<AttemptRate>> PerHourAsync(Guid organizationId, TimeSpan window, CancellationToken cancellationToken = default) =>
        BucketsAsync(organizationId, window, TimeSpan.FromHours(1), cache: true, cancellationToken);

    private async Task<IReadOnlyList<AttemptRate>> BucketsAsync(Guid organizationId, TimeSpan window, TimeSpan size, bool cache, CancellationToken cancellationToken)
    {
        var bucketMs = (long)size.TotalMilliseconds;
        var count = (int)(window.Ticks / size.Ticks);
        var current = time.GetUtcNow().ToUnixTimeMilliseconds() / bucketMs;
        var first = current - count + 1;
        var from = cache ? Enumerable.Range(0, count).Select(i => first + i).FirstOrDefault(b => b == current || !_finishedHours.ContainsKey((organizationId, b)), current) : first;
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var firstId = await FirstIdStartedSinceAsync(db, DateTimeOffset.FromUnixTimeMilliseconds(from * bucketMs) - IdOrderSlack, cancellationToken);
        var organization = dialect.Id(organizationId);
        var buckets = firstId is null ? [] : await db.Database.SqlQuery<Bucket>($"""
            SELECT a."StartedAt" / {bucketMs} AS "Index",
                   SUM(CASE WHEN a."Error" = 'None' THEN 1 ELSE 0 END) AS "Succeeded",
                   SUM(CASE WHEN a."Error" = 'None' THEN 0 ELSE 1 END) AS "Failed"
            FROM "attempts" AS a JOIN "deliveries" AS d ON d."Id" = a."DeliveryId" JOIN "events" AS e ON e."Id" = d."EventId"
            WHERE a."Id" >= {firstId} AND a."StartedAt" >= {from * bucketMs} AND d."OrganizationId" = {organization} AND e."TriggerType" <> 'SyncHook'
            GROUP BY a."StartedAt" / {bucketMs}
            """).ToDictionaryAsync(b => b.Index, cancellationToken);
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var index = first + i;
            if (cache && index < from && _finishedHours.TryGetValue((organizationId, index), out var known))
            {
                return known;
            }

            var bucket = buckets.GetValueOrDefault(index);
            var rate = new AttemptRate(DateTimeOffset.FromUnixTimeMilliseconds(index * bucketMs), bucket?.Succeeded ?? 0, bucket?.Failed ?? 0);
            if (cache && index < current)
            {
                _finishedHours[(organizationId, index)] = rate;
            }

            return rate;
        })];
    }

    /// <summary>The id of the first attempt that started at or after <paramref name="since"/> (binary search over the primary key), or null.</summary>
    internal static async Task<long?> FirstIdStartedSinceAsync(WebhookDbContext db, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var attempts = db.Attempts.AsNoTracking();
        var last = await attempts.OrderByDescending(a => a.Id).Select(a => new { a.Id, a.StartedAt }).FirstOrDefaultAsync(cancellationToken);
        if (last is null || last.StartedAt < since)
        {
            return null;
        }

        long low = 0, high = last.Id;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            var row = await attempts.Where(a => a.Id >= middle).OrderBy(a => a.Id).Select(a => new { a.Id, a.StartedAt }).FirstAsync(cancellationToken);
            if (row.StartedAt < since)
            {
                low = row.Id + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private sealed record Bucket(long Index, int Succeeded, int Failed);
}

/// <summary>Attempts that started in one bucket (a second or an hour, from <see cref="AttemptRate.Start"/>): how many succeeded and failed.</summary>
public sealed record AttemptRate(DateTimeOffset Start, int Succeeded, int Failed);
