using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using WebhookConsole.Engine.Configuration;
using WebhookConsole.Engine.Diagnostics;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine;

public sealed class HealthCheckTests
{
    private readonly ManualTimeProvider time = new();

    [Fact]
    public void AllowedSilence_DefaultOptions_IsThreeIdleWaitsPlusTheLongestRequest()
    {
        Assert.Equal(TimeSpan.FromSeconds(23), WorkerHealthCheck.AllowedSilence(WorkerHeartbeat.DeliveryDispatcher, new DeliveryOptions(), new WebSubOptions()));
        Assert.Equal(TimeSpan.FromSeconds(25), WorkerHealthCheck.AllowedSilence(WorkerHeartbeat.VerificationWorker, new DeliveryOptions(), new WebSubOptions()));
    }

    [Fact]
    public async Task CheckHealthAsync_WorkerNeverBeat_IsHealthyOnlyWhileTheProcessIsStarting()
    {
        var heartbeat = new WorkerHeartbeat(time);
        var check = Check(WorkerHeartbeat.DeliveryDispatcher, heartbeat);

        var starting = await check.CheckHealthAsync(new HealthCheckContext());
        time.Advance(TimeSpan.FromSeconds(24));
        var neverStarted = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal((HealthStatus.Healthy, "Starting: no beat yet."), (starting.Status, starting.Description));
        Assert.Equal(HealthStatus.Unhealthy, neverStarted.Status);
        Assert.Contains("never started", neverStarted.Description);
    }

    [Fact]
    public async Task CheckHealthAsync_AfterABeat_IsHealthyUntilTheAllowedSilenceHasPassed()
    {
        var heartbeat = new WorkerHeartbeat(time);
        var check = Check(WorkerHeartbeat.VerificationWorker, heartbeat);
        time.Advance(TimeSpan.FromMinutes(5));
        heartbeat.Beat(WorkerHeartbeat.VerificationWorker);

        time.Advance(TimeSpan.FromSeconds(25));
        var justInTime = await check.CheckHealthAsync(new HealthCheckContext());
        time.Advance(TimeSpan.FromSeconds(1));
        var silent = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, justInTime.Status);
        Assert.Equal(HealthStatus.Unhealthy, silent.Status);
        Assert.Equal("Silent for 26 s (allowed 25 s): the loop is stuck or stopped.", silent.Description);
        Assert.Equal(time.GetUtcNow() - TimeSpan.FromSeconds(26), heartbeat.LastBeat(WorkerHeartbeat.VerificationWorker));
    }

    [Fact]
    public async Task CheckHealthAsync_MigratedDatabase_IsHealthy()
    {
        await using var engine = await EngineHost.StartAsync();

        var result = await new DatabaseHealthCheck(engine.Services.GetRequiredService<IDbContextFactory<WebhookDbContext>>())
            .CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Fact]
    public async Task CheckHealthAsync_DatabaseCannotBeOpened_IsUnhealthyWithTheCause()
    {
        var options = new DbContextOptionsBuilder<WebhookDbContext>()
            .UseSqlite($"Data Source={Path.Combine(Path.GetTempPath(), "webhookconsole-tests", Guid.NewGuid().ToString("N"), "missing-folder", "x.db")}")
            .Options;

        var result = await new DatabaseHealthCheck(new PooledDbContextFactory<WebhookDbContext>(options)).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("unable to open database file", result.Description);
    }

    private WorkerHealthCheck Check(string worker, WorkerHeartbeat heartbeat) => new(
        worker,
        heartbeat,
        new StaticOptionsMonitor<DeliveryOptions>(new DeliveryOptions()),
        new StaticOptionsMonitor<WebSubOptions>(new WebSubOptions()),
        time);

    private sealed class StaticOptionsMonitor<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}
