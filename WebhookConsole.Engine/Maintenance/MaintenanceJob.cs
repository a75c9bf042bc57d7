using Quartz;

namespace WebhookConsole.Engine.Maintenance;

/// <summary>
/// The Quartz job for one <see cref="IMaintenanceTask"/>: it only records the run around the task, so the task
/// itself stays a plain, testable service. One generic class instead of four copies of the same three lines;
/// each task gets its own job key (its name), and no two runs of one job overlap.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class MaintenanceJob<TTask>(TTask task, MaintenanceRunRecorder recorder) : IJob
    where TTask : IMaintenanceTask
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        context.Result = await recorder.RunAsync(context.JobDetail.Key.Name, task.RunAsync, cancellationToken);
}
