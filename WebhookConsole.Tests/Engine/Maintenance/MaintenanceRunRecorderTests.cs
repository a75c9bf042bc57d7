using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Maintenance;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine.Maintenance;

public sealed class MaintenanceRunRecorderTests : IAsyncLifetime
{
    private readonly ManualTimeProvider time = new();
    private EngineHost engine = null!;

    public async Task InitializeAsync() => engine = await EngineHost.StartAsync(time);

    public async Task DisposeAsync() => await engine.DisposeAsync();

    private MaintenanceRunRecorder Recorder => engine.Services.GetRequiredService<MaintenanceRunRecorder>();

    [Fact]
    public async Task RunAsync_TaskSucceeds_RecordsASucceededRunWithTheTasksMessage()
    {
        var reaper = engine.Services.GetRequiredService<ExpiredLeaseReaper>();

        var run = await Recorder.RunAsync("ExpiredLeaseReaper", reaper.RunAsync, CancellationToken.None);

        await using var db = await engine.CreateDbContextAsync();
        var stored = await db.MaintenanceRuns.SingleAsync();
        Assert.Equal(run.Id, stored.Id);
        Assert.Equal("ExpiredLeaseReaper", stored.Job);
        Assert.True(stored.Succeeded);
        Assert.Equal("returned 0 deliveries with expired leases to the queue", stored.Message);
        Assert.Equal(time.GetUtcNow(), stored.StartedAt);
        Assert.True(stored.Duration >= TimeSpan.Zero);
    }

    [Fact]
    public async Task RunAsync_TaskThrows_RecordsAFailedRunWithTheReasonInsteadOfThrowing()
    {
        var run = await Recorder.RunAsync("RetentionPurge", _ => throw new InvalidOperationException("database is locked"), CancellationToken.None);

        Assert.False(run.Succeeded);
        await using var db = await engine.CreateDbContextAsync();
        var stored = await db.MaintenanceRuns.SingleAsync();
        Assert.Equal(("RetentionPurge", false, "database is locked"), (stored.Job, stored.Succeeded, stored.Message));
    }
}
