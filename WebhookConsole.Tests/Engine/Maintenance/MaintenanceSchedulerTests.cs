using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Quartz;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Maintenance;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine.Maintenance;

/// <summary>The jobs as Quartz runs them: registration, start order, trigger-now and the listing for the console.</summary>
public sealed class MaintenanceSchedulerTests : IAsyncLifetime
{
    private EngineHost engine = null!;

    public async Task InitializeAsync() =>
        engine = await EngineHost.StartAsync(settings: new Dictionary<string, string?> { ["Maintenance:ExpiredLeaseReaper:Interval"] = "00:10:00" });

    public async Task DisposeAsync() => await engine.DisposeAsync();

    [Fact]
    public void AddWebhookEngine_HostedServices_StartTheSchedulerAfterTheDatabaseMigrator()
    {
        var hosted = engine.Services.GetServices<IHostedService>().ToList();

        var migrator = hosted.FindIndex(s => s is DatabaseMigrator);
        var scheduler = hosted.FindIndex(s => s is QuartzHostedService);

        Assert.True(migrator >= 0 && scheduler > migrator, $"Migrator at {migrator}, Quartz at {scheduler}.");
    }

    [Fact]
    public async Task TriggerNowAsync_StartedScheduler_RunsTheJobThroughQuartzAndRecordsTheRun()
    {
        var now = DateTimeOffset.UtcNow;
        var webhookId = (await engine.CreateWebhookAsync("http://127.0.0.1:9/hook")).Webhook.Id;
        var @event = await engine.AddEventAsync(now);
        await engine.AddDeliveryAsync(webhookId, @event.Id, DeliveryStatus.InFlight, now, leaseExpiresAt: now - TimeSpan.FromMinutes(1));
        var quartz = engine.Services.GetServices<IHostedService>().OfType<QuartzHostedService>().Single();
        await quartz.StartAsync(CancellationToken.None);
        ((ApplicationLifetime)engine.Services.GetRequiredService<IHostApplicationLifetime>()).NotifyStarted();
        var scheduler = await engine.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var listener = new CompletionListener();
        scheduler.ListenerManager.AddJobListener(listener, [Matchers.Key(MaintenanceJobs.KeyOf("ExpiredLeaseReaper"))]);
        var jobs = engine.Services.GetRequiredService<MaintenanceJobs>();
        try
        {
            var triggered = await jobs.TriggerNowAsync("ExpiredLeaseReaper");
            await listener.Executed.Task.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.True(triggered);
            var run = Assert.Single(await jobs.RecentRunsAsync("ExpiredLeaseReaper"));
            Assert.True(run.Succeeded);
            Assert.Equal("returned 1 deliveries with expired leases to the queue", run.Message);
            var listed = await jobs.ListAsync();
            Assert.Equal(["RetentionPurge", "ExpiredLeaseReaper", "WebSubLeaseRenewal", "AutoDisable", "PayloadEncryption"], listed.Select(j => j.Name));
            var reaper = listed.Single(j => j.Name == "ExpiredLeaseReaper");
            Assert.Equal(run.Id, reaper.LastRun?.Id);
            Assert.Equal(TimeSpan.FromMinutes(10), reaper.Interval);
            Assert.InRange(reaper.NextFireTime!.Value, now + TimeSpan.FromMinutes(9), now + TimeSpan.FromMinutes(11));
            Assert.All(listed.Where(j => j != reaper), j => Assert.Null(j.LastRun));
            Assert.All(listed, j => Assert.False(string.IsNullOrEmpty(j.Description)));
            Assert.False(await jobs.TriggerNowAsync("NoSuchJob"));
        }
        finally
        {
            await quartz.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Completes when the watched job has finished one execution (its run is then recorded).</summary>
    private sealed class CompletionListener : IJobListener
    {
        public TaskCompletionSource<IJobExecutionContext> Executed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Name => nameof(CompletionListener);

        public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
        {
            Executed.TrySetResult(context);
            return ValueTask.CompletedTask;
        }

        public ValueTask JobProgressChanged(IJobExecutionContext context, Quartz.Extensibility.FireInstanceProgress progress, CancellationToken cancellationToken = default) =>
            ValueTask.CompletedTask;
    }
}
