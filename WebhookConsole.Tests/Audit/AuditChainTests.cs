using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Audit;
using WebhookConsole.Engine.Maintenance;
using WebhookConsole.Engine.Security;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Audit;

/// <summary>The hash chain on a real SQLite file: verification finds a changed or deleted row, and survives the retention purge.</summary>
public sealed class AuditChainTests : IAsyncLifetime
{
    private readonly ManualTimeProvider time = new();
    private EngineHost engine = null!;

    private Guid Org => engine.Organization.Id;

    private AuditVerifier Verifier => engine.Services.GetRequiredService<AuditVerifier>();

    public async Task InitializeAsync() => engine = await EngineHost.StartAsync(time);

    public async Task DisposeAsync() => await engine.DisposeAsync();

    [Fact]
    public async Task Verify_UntouchedChain_IsOk()
    {
        await RecordAsync(3);

        var result = await Verifier.VerifyAsync(Org);

        Assert.True(result.Ok, result.Reason);
        Assert.Equal((3L, 1L, 3L), (result.Checked, result.FromSequence, result.ToSequence));
    }

    [Fact]
    public async Task Verify_RowChangedWithRawSql_FailsNamingTheEntryAndWhy()
    {
        await RecordAsync(4);
        var second = await EntryAsync(2);

        await ExecuteSqlAsync("UPDATE audit_entries SET ActorName = 'somebody else' WHERE Sequence = 2");
        var result = await Verifier.VerifyAsync(Org);

        Assert.False(result.Ok);
        Assert.Equal(second.Id, result.BrokenEntryId);
        Assert.Equal(2, result.BrokenSequence);
        Assert.Equal("Entry 2 was changed after it was written: its content no longer matches its hash.", result.Reason);
    }

    [Fact]
    public async Task Verify_RowRehashedAfterChange_FailsAtTheNextEntry()
    {
        await RecordAsync(3);

        // A forger who also recomputes the changed row's hash breaks the link to the entry after it.
        await ExecuteSqlAsync("UPDATE audit_entries SET Hash = '" + new string('a', 64) + "' WHERE Sequence = 2");
        var result = await Verifier.VerifyAsync(Org);

        Assert.False(result.Ok);
        Assert.Equal(2, result.BrokenSequence);
        await ExecuteSqlAsync("UPDATE audit_entries SET PreviousHash = '" + new string('a', 64) + "' WHERE Sequence = 3");
        Assert.Equal(2, (await Verifier.VerifyAsync(Org)).BrokenSequence);
    }

    [Fact]
    public async Task Verify_RowDeleted_FailsNamingTheGap()
    {
        await RecordAsync(3);

        await ExecuteSqlAsync("DELETE FROM audit_entries WHERE Sequence = 2");
        var result = await Verifier.VerifyAsync(Org);

        Assert.False(result.Ok);
        Assert.Equal(2, result.BrokenSequence);
        Assert.Equal("Entry 2 is missing: the chain goes from 1 to 3.", result.Reason);
        await ExecuteSqlAsync("DELETE FROM audit_entries WHERE Sequence = 3");
        Assert.Equal("The chain ends at entry 1, but its head says 3: later entries were deleted.", (await Verifier.VerifyAsync(Org)).Reason);
    }

    [Fact]
    public async Task Purge_EntriesPastRetention_DeletesThemAndTheChainStillVerifiesFromTheAnchor()
    {
        await RecordAsync(3);
        time.Advance(TimeSpan.FromDays(401));
        await RecordAsync(2);
        var oldHead = await EntryAsync(3);

        var purged = await engine.Services.GetRequiredService<AuditPurge>().PurgeAsync(CancellationToken.None);
        var result = await Verifier.VerifyAsync(Org);

        Assert.Equal(3, purged);
        Assert.True(result.Ok, result.Reason);
        Assert.Equal((2L, 4L, 5L), (result.Checked, result.FromSequence, result.ToSequence));
        await using var db = await engine.CreateDbContextAsync();
        var head = await db.AuditChains.SingleAsync(h => h.OrganizationId == Org);
        Assert.Equal((3L, oldHead.Hash), (head.AnchorSequence, head.AnchorHash));
        await RecordAsync(1);
        Assert.True((await Verifier.VerifyAsync(Org)).Ok);
        await ExecuteSqlAsync("UPDATE audit_entries SET PreviousHash = '" + new string('0', 64) + "' WHERE Sequence = 4");
        var broken = await Verifier.VerifyAsync(Org);
        Assert.Equal("Entry 4 does not carry the hash of the anchor (the last purged entry, 3).", broken.Reason);
    }

    [Fact]
    public async Task RetentionPurge_Run_PurgesAuditEntriesToo()
    {
        await RecordAsync(2);
        time.Advance(TimeSpan.FromDays(401));

        var message = await engine.Services.GetRequiredService<RetentionPurge>().RunAsync(CancellationToken.None);

        Assert.EndsWith("and 2 audit entries older than Audit:Retention", message);
        Assert.True((await Verifier.VerifyAsync(Org)).Ok);
    }

    [Fact]
    public async Task SaveChanges_StoredEntryChangedThroughEf_IsRefused()
    {
        await RecordAsync(1);
        await using var db = await engine.CreateDbContextAsync();
        var entry = await db.AuditEntries.SingleAsync();

        entry.ActorName = "rewritten";

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public void AuditOptionsValidator_RetentionUnderADay_NamesTheKey()
    {
        var result = new WebhookConsole.Engine.Configuration.AuditOptionsValidator().Validate(null, new() { Retention = TimeSpan.FromHours(2) });

        Assert.Equal("Audit:Retention must be from one day (1.00:00:00) to ten years (3660.00:00:00).", result.FailureMessage);
    }

    // Each API key created is one audit entry in the organization's chain.
    private async Task RecordAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await engine.Services.GetRequiredService<ApiKeyService>().CreateAsync(Org, $"key {i}");
        }
    }

    private async Task<WebhookConsole.Engine.Domain.AuditEntry> EntryAsync(long sequence)
    {
        await using var db = await engine.CreateDbContextAsync();
        return await db.AuditEntries.AsNoTracking().SingleAsync(e => e.OrganizationId == Org && e.Sequence == sequence);
    }

    // Straight on the SQLite file, as someone with the database would.
    private async Task ExecuteSqlAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={engine.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
