using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WebhookConsole.Engine;
using WebhookConsole.Engine.Diagnostics;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine;

/// <summary>
/// The write-ahead log copied back into the database file in the background, on a real SQLite file: what was committed
/// reaches the file itself (a copy of the file alone, without its log, holds it), while a write transaction stays open,
/// and the hosted loop does it on its own and says so in its metrics; a pass that fails is logged once, and so is the
/// recovery. Only SQLite gets the loop.
/// </summary>
public sealed class WalCheckpointerTests : IAsyncLifetime
{
    private readonly TempDatabase _copies = new();
    private EngineHost _engine = null!;

    public async Task InitializeAsync()
    {
        _engine = await EngineHost.StartAsync();
        // The schema and the organization in the file itself: from here on, only what a test commits is in the log.
        SqliteFile.Checkpoint(_engine.DatabasePath);
    }

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        _copies.Dispose();
    }

    private WalCheckpointer Checkpointer => _engine.Services.GetServices<IHostedService>().OfType<WalCheckpointer>().Single();

    [Fact]
    public async Task CheckpointAsync_WhileAWriteTransactionIsOpen_CopiesTheCommittedRowsIntoTheFileWithoutWaitingForIt()
    {
        var stored = await _engine.AddEventAsync(DateTimeOffset.UtcNow);
        Assert.False(FileAloneHolds(stored.Id), "The event should still be in the log only.");

        // Another connection holds SQLite's write lock with a change it has not committed.
        await using var writer = new SqliteConnection($"Data Source={_engine.DatabasePath};Pooling=False");
        await writer.OpenAsync();
        await using var open = writer.CreateCommand();
        open.CommandText = "BEGIN IMMEDIATE; CREATE TABLE uncommitted (x); INSERT INTO uncommitted VALUES (1);";
        await open.ExecuteNonQueryAsync();

        await Checkpointer.CheckpointAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(FileAloneHolds(stored.Id), "The committed event should be in the database file itself.");
        Assert.Equal(0L, ScalarOfFileAlone("SELECT COUNT(*) FROM sqlite_master WHERE name = 'uncommitted'"));
        await using var rollback = writer.CreateCommand();
        rollback.CommandText = "ROLLBACK;";
        await rollback.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task HostedLoop_Started_CopiesTheLogOnItsOwnAndCountsItsPasses()
    {
        var stored = await _engine.AddEventAsync(DateTimeOffset.UtcNow);
        var pass = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listener = EngineInstrument.Listen(_engine.Services, DeliveryMetrics.LogCheckpointsName, value => pass.TrySetResult(value));

        await Checkpointer.StartAsync(CancellationToken.None);
        try
        {
            await pass.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            await Checkpointer.StopAsync(CancellationToken.None);
        }

        Assert.True(FileAloneHolds(stored.Id), "The committed event should be in the database file itself.");
    }

    [Fact]
    public async Task CheckpointAsync_DatabaseUnreachable_LogsTheFailureOnceAndTheRecoveryOnce()
    {
        var folder = Path.Combine(_copies.Directory, "not-yet");
        var logs = new RecordingLoggerProvider();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(logs));
        var checkpointer = new WalCheckpointer(QueueConnections.Sqlite($"Data Source={Path.Combine(folder, "hub.db")};Pooling=False"),
            _engine.Services.GetRequiredService<DeliveryMetrics>(), TimeProvider.System, factory.CreateLogger<WalCheckpointer>());

        for (var pass = 0; pass < 3; pass++)
        {
            await checkpointer.CheckpointAsync(CancellationToken.None);
        }

        Directory.CreateDirectory(folder);
        await checkpointer.CheckpointAsync(CancellationToken.None);
        await checkpointer.CheckpointAsync(CancellationToken.None);

        Assert.Collection(logs.Lines,
            line => Assert.StartsWith("Warning WebhookConsole.Engine.Persistence.WalCheckpointer: Copying the write-ahead log back into the database file failed", line),
            line => Assert.StartsWith("Information WebhookConsole.Engine.Persistence.WalCheckpointer: Copying the write-ahead log back into the database file works again.", line));
    }

    [Fact]
    public void AddWebhookEngine_OnPostgres_HasNoLogToCopy()
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:WebhookConsole"] = "Host=127.0.0.1;Database=unused",
        }).Build();

        services.AddWebhookEngine(configuration, _copies.Directory);

        Assert.DoesNotContain(services, s => s.ServiceType == typeof(IHostedService) && s.ImplementationType == typeof(WalCheckpointer));
        Assert.Single(_engine.Services.GetServices<IHostedService>().OfType<WalCheckpointer>());
    }

    // A copy of the database file as it is on disk, opened without the log beside it: what a checkpoint has copied.
    private bool FileAloneHolds(Guid eventId) =>
        ScalarOfFileAlone($"SELECT COUNT(*) FROM events WHERE \"Id\" = {SqliteFile.IdLiteral(eventId)}") is 1L;

    private object? ScalarOfFileAlone(string sql)
    {
        var copy = Path.Combine(_copies.Directory, Guid.NewGuid().ToString("N") + ".db");
        File.WriteAllBytes(copy, SqliteFile.ReadBytes(_engine.DatabasePath).File);
        using var connection = new SqliteConnection($"Data Source={copy};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
