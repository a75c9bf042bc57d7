namespace WebhookConsole.Engine.Maintenance;

/// <summary>The work of one maintenance job, callable without Quartz (tests, a future command line).</summary>
public interface IMaintenanceTask
{
    /// <summary>Does one run and says what it did, e.g. "purged 120 deliveries"; throws when it failed.</summary>
    Task<string> RunAsync(CancellationToken cancellationToken);
}
