using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Engine.Persistence;

namespace WebhookConsole.Engine.Maintenance;

/// <summary>Runs a maintenance task and records the run (outcome, duration, message) in <c>maintenance_runs</c>.</summary>
public sealed partial class MaintenanceRunRecorder(
    IDbContextFactory<WebhookDbContext> dbs,
    TimeProvider time,
    EngineNotifier notifier,
    ILogger<MaintenanceRunRecorder> logger)
{
    private const int MaxMessageLength = 1000;

    /// <summary>Runs <paramref name="work"/> and stores how it went. A failure is recorded and logged, not thrown.</summary>
    public async Task<MaintenanceRun> RunAsync(string job, Func<CancellationToken, Task<string>> work, CancellationToken cancellationToken)
    {
        var run = new MaintenanceRun { Job = job, StartedAt = time.GetUtcNow() };
        var started = time.GetTimestamp();
        try
        {
            run.Message = await work(cancellationToken);
            run.Succeeded = true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            run.Message = "Stopped: the application is shutting down.";
        }
        catch (Exception ex)
        {
            run.Message = ex.Message;
            Log.RunFailed(logger, job, ex);
        }

        run.Duration = time.GetElapsedTime(started);
        if (run.Message?.Length > MaxMessageLength)
        {
            run.Message = run.Message[..MaxMessageLength];
        }

        // Recorded even when shutting down: the jobs page should show that the run was cut short.
        await using var db = await dbs.CreateDbContextAsync(CancellationToken.None);
        db.MaintenanceRuns.Add(run);
        await db.SaveChangesAsync(CancellationToken.None);
        notifier.Publish(new EngineChange(EngineChangeKind.MaintenanceRunRecorded, Guid.Empty, Guid.Empty));
        if (run.Succeeded)
        {
            Log.RunSucceeded(logger, job, run.Duration.TotalMilliseconds, run.Message);
        }

        return run;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Maintenance job {Job} finished in {DurationMs:0} ms: {Message}")]
        public static partial void RunSucceeded(ILogger logger, string job, double durationMs, string? message);

        [LoggerMessage(2, LogLevel.Error, "Maintenance job {Job} failed; it runs again at its next scheduled time.")]
        public static partial void RunFailed(ILogger logger, string job, Exception exception);
    }
}
