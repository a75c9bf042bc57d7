using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;
using WebhookConsole.Engine.Configuration;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Persistence;

namespace WebhookConsole.Engine.Maintenance;

/// <summary>What the console's jobs page needs: each maintenance job with its last run and next fire time, and "run now".</summary>
public sealed class MaintenanceJobs(ISchedulerFactory schedulers, IDbContextFactory<WebhookDbContext> dbs, IOptionsMonitor<MaintenanceOptions> options)
{
    /// <summary>The Quartz job group of the maintenance jobs.</summary>
    public const string Group = "maintenance";

    public static JobKey KeyOf(string job) => new(job, Group);

    /// <summary>Every maintenance job, in a fixed order.</summary>
    public async Task<IReadOnlyList<MaintenanceJobStatus>> ListAsync(CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var jobs = new List<MaintenanceJobStatus>(MaintenanceOptions.JobNames.Count);
        foreach (var name in MaintenanceOptions.JobNames)
        {
            var detail = await scheduler.GetJobDetail(KeyOf(name), cancellationToken);
            var triggers = await scheduler.GetTriggersOfJob(KeyOf(name), cancellationToken);
            var lastRun = await db.MaintenanceRuns.AsNoTracking().Where(r => r.Job == name)
                .OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
            jobs.Add(new MaintenanceJobStatus(
                name,
                detail?.Description ?? "",
                options.CurrentValue.For(name).Interval,
                lastRun,
                triggers.Select(t => t.NextFireTimeUtc).Where(t => t is not null).Min()));
        }

        return jobs;
    }

    /// <summary>The latest runs of one job, newest first.</summary>
    public async Task<IReadOnlyList<MaintenanceRun>> RecentRunsAsync(string job, int count = 20, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        return await db.MaintenanceRuns.AsNoTracking().Where(r => r.Job == job)
            .OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).Take(count).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Fires the job now, beside its schedule (a run already going finishes first: no two runs of a job overlap).
    /// Returns false for an unknown job name. The run is recorded like a scheduled one.
    /// </summary>
    public async Task<bool> TriggerNowAsync(string job, CancellationToken cancellationToken = default)
    {
        if (!MaintenanceOptions.JobNames.Contains(job))
        {
            return false;
        }

        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await scheduler.TriggerJob(KeyOf(job), null, cancellationToken);
        return true;
    }
}

/// <summary>One maintenance job as the jobs page shows it; <see cref="LastRun"/> is null before its first run.</summary>
public sealed record MaintenanceJobStatus(string Name, string Description, TimeSpan Interval, MaintenanceRun? LastRun, DateTimeOffset? NextFireTime);
