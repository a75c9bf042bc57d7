using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Persistence;

namespace WebhookConsole.Engine.Delivery;

/// <summary>
/// Succeeded and failed attempts per second over a recent window, from the attempts table, for the jobs page's
/// realtime graph. The attempts table has no index on its start time, so the window's first row is found by a binary
/// search over the primary key (ids grow with time), and only rows from there on are read.
/// </summary>
public sealed class AttemptRates(IDbContextFactory<WebhookDbContext> dbs, TimeProvider time)
{
    // An attempt's row is written when it ends, so ids follow start times only up to the longest timeout (20 s).
    internal static readonly TimeSpan IdOrderSlack = TimeSpan.FromSeconds(30);

    /// <summary>One entry per second of the window ending now, oldest first, zero where nothing happened.</summary>
    public async Task<IReadOnlyList<AttemptRate>> PerSecondAsync(Guid organizationId, TimeSpan window, CancellationToken cancellationToken = default)
    {
        var end = time.GetUtcNow().ToUnixTimeSeconds();
        var start = end - (long)window.TotalSeconds + 1;
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var firstId = await FirstIdStartedSinceAsync(db, DateTimeOffset.FromUnixTimeSeconds(start) - IdOrderSlack, cancellationToken);
        var buckets = firstId is null ? [] : await db.Database.SqlQuery<Bucket>($"""
            SELECT a."StartedAt" / 1000 AS "Second",
                   SUM(CASE WHEN a."Error" = 'None' THEN 1 ELSE 0 END) AS "Succeeded",
                   SUM(CASE WHEN a."Error" = 'None' THEN 0 ELSE 1 END) AS "Failed"
            FROM "attempts" AS a JOIN "deliveries" AS d ON d."Id" = a."DeliveryId"
            WHERE a."Id" >= {firstId} AND a."StartedAt" >= {start * 1000} AND d."OrganizationId" = {organizationId.ToString().ToUpperInvariant()}
            GROUP BY a."StartedAt" / 1000
            """).ToDictionaryAsync(b => b.Second, cancellationToken);
        return [.. Enumerable.Range(0, (int)(end - start + 1)).Select(i =>
        {
            var second = start + i;
            var bucket = buckets.GetValueOrDefault(second);
            return new AttemptRate(DateTimeOffset.FromUnixTimeSeconds(second), bucket?.Succeeded ?? 0, bucket?.Failed ?? 0);
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

    private sealed record Bucket(long Second, int Succeeded, int Failed);
}

/// <summary>Attempts that started in one second: how many succeeded and how many failed.</summary>
public sealed record AttemptRate(DateTimeOffset Second, int Succeeded, int Failed);
