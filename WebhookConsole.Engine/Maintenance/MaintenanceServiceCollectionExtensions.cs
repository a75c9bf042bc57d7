using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Quartz;
using WebhookConsole.Engine.Configuration;

namespace WebhookConsole.Engine.Maintenance;

/// <summary>Registers the maintenance tasks and the Quartz scheduler that runs them.</summary>
internal static class MaintenanceServiceCollectionExtensions
{
    /// <summary>
    /// Call after the <c>DatabaseMigrator</c> hosted service is registered: hosted services start in registration order,
    /// so the scheduler starts on a migrated database (and, by default, only once the application has started).
    /// </summary>
    public static IServiceCollection AddMaintenanceJobs(this IServiceCollection services, DatabaseProvider provider, string? connectionString)
    {
        services.AddOptions<MaintenanceOptions>().BindConfiguration(MaintenanceOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MaintenanceOptions>, MaintenanceOptionsValidator>();
        services.AddSingleton<MaintenanceRunRecorder>();
        services.AddSingleton<RetentionPurge>();
        services.AddSingleton<ExpiredLeaseReaper>();
        services.AddSingleton<WebSubLeaseRenewal>();
        services.AddSingleton<AutoDisableCheck>();
        services.AddSingleton<PayloadEncryption>();
        services.AddSingleton<MaintenanceJobs>();

        services.AddQuartz(quartz =>
        {
            if (provider == DatabaseProvider.Postgres)
            {
                // Several processes: Quartz's clustered store on the same database, so each job runs on one node at a
                // time and a node that dies hands its jobs to the others. Quartz creates its tables on first start.
                quartz.UsePersistentStore(store =>
                {
                    store.UsePostgres(connectionString!);
                    store.UseSystemTextJsonSerializer();
                    store.UseClustering(_ => { });
                    store.ProvisionSchema();
                });
            }
            else
            {
                // One process: RAMJobStore. The recurring triggers are re-created at every start and the run history
                // lives in maintenance_runs, so nothing needs Quartz's own tables.
                quartz.UseInMemoryStore();
            }
            quartz.AddMaintenanceJob<RetentionPurge>(nameof(MaintenanceOptions.RetentionPurge),
                "Deletes finished deliveries, their attempts and orphaned events older than Delivery:Retention.");
            quartz.AddMaintenanceJob<ExpiredLeaseReaper>(nameof(MaintenanceOptions.ExpiredLeaseReaper),
                "Returns in-flight deliveries whose lease ran out to the queue.");
            quartz.AddMaintenanceJob<WebSubLeaseRenewal>(nameof(MaintenanceOptions.WebSubLeaseRenewal),
                "Renews WebSub subscriptions before their lease runs out; disables webhooks whose lease ran out unrenewed.");
            quartz.AddMaintenanceJob<AutoDisableCheck>(nameof(MaintenanceOptions.AutoDisable),
                "Disables webhooks whose every delivery failed for Delivery:DisableAfter.");
            quartz.AddMaintenanceJob<PayloadEncryption>(nameof(MaintenanceOptions.PayloadEncryption),
                "Encrypts event payloads, sync hook results and attempt bodies stored in clear before encryption at rest, in batches.");
        });
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        return services;
    }

    private static void AddMaintenanceJob<TTask>(this IQuartzBuilder quartz, string name, string description)
        where TTask : IMaintenanceTask
    {
        var key = MaintenanceJobs.KeyOf(name);
        quartz.AddJob<MaintenanceJob<TTask>>(job => job.WithIdentity(key).WithDescription(description));
        quartz.AddTrigger<MaintenanceJob<TTask>>((provider, trigger) =>
        {
            var interval = provider.GetRequiredService<IOptions<MaintenanceOptions>>().Value.For(name).Interval;
            // First run one interval after start: a restart loop must not turn into a purge loop.
            trigger.WithIdentity(name, MaintenanceJobs.Group).ForJob(key)
                .StartAt(provider.GetRequiredService<TimeProvider>().GetUtcNow() + interval)
                .WithSimpleSchedule(interval);
        });
    }
}
