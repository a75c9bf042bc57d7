using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Privacy;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine.Privacy;

public sealed class SubjectErasureTests() : EngineWithReceiver(new ManualTimeProvider())
{
    private const string PersonId = "pid:0194c2f5-7a8b-7c3d-9e4f-a0b1c2d3e4f5";
    private const string Email = "ada.lovelace@example.org";

    private SubjectErasure Erasure => Engine.Services.GetRequiredService<SubjectErasure>();

    [Fact]
    public async Task EraseAsync_DeliveredRetryingAndPendingEvents_NoStoredByteHoldsTheSubjectAndNothingMoreIsSent()
    {
        var created = await Engine.CreateActiveWebhookAsync(Receiver.Url, "login");
        Receiver.Secret = created.Secret;
        Receiver.PostResponseBody = $"welcome back {Email}";
        var delivered = await PublishAsync(Engine.Organization.Id);
        Assert.Equal(1, await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None));
        Receiver.PostStatuses.Enqueue(500);
        var retrying = await PublishAsync(Engine.Organization.Id);
        Assert.Equal(1, await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None));
        var pending = await PublishAsync(Engine.Organization.Id);
        await Receiver.NextPostAsync();
        await Receiver.NextPostAsync();
        // Stored encrypted (never in the file in clear), as the engine reads it there is something to erase.
        await using (var before = await Engine.CreateDbContextAsync())
        {
            Assert.Contains(Email, (await before.Events.SingleAsync(e => e.Id == delivered.EventId)).Payload);
        }

        var report = (await Erasure.EraseAsync(Engine.Organization.Id, Subject(PersonId))).Value!;

        Assert.Equal((3, 3, 2, 2, "index"), (report.Events, report.Deliveries, report.Attempts, report.Cancelled, report.Lookup));
        Assert.Equal(Time.GetUtcNow(), report.ErasedAt);
        var database = await ReadDatabaseAsync();
        Assert.Equal(-1, database.AsSpan().IndexOf(Encoding.UTF8.GetBytes(PersonId)));
        Assert.Equal(-1, database.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Email)));
        await using var db = await Engine.CreateDbContextAsync();
        var deliveries = await db.Deliveries.Include(d => d.Attempts).OrderBy(d => d.Sequence).ToListAsync();
        Assert.Equal([delivered.EventId, retrying.EventId, pending.EventId], deliveries.Select(d => d.EventId));
        Assert.Equal([DeliveryStatus.Succeeded, DeliveryStatus.Cancelled, DeliveryStatus.Cancelled], deliveries.Select(d => d.Status));
        Assert.All(deliveries, d => Assert.Equal(report.ErasedAt, d.ErasedAt));
        Assert.Equal(200, deliveries[0].Attempts.Single().ResponseStatus);
        Assert.All(deliveries.SelectMany(d => d.Attempts), a => Assert.Equal(("", null), (a.RequestBody, a.ResponseBody)));
        Assert.Equal(0, await db.EventSubjects.CountAsync());

        Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None));
        Assert.False(Receiver.TryTakePost(out _));
        var again = (await Erasure.EraseAsync(Engine.Organization.Id, Subject(PersonId))).Value!;
        Assert.Equal((0, 0, 0), (again.Events, again.Deliveries, again.Attempts));
    }

    [Fact]
    public async Task EraseAsync_DeliveryInFlight_TakesTheLeaseBackSoTheAttemptIsNeverRecorded()
    {
        var created = await Engine.CreateActiveWebhookAsync(Receiver.Url, "login");
        Receiver.Secret = created.Secret;
        var release = new TaskCompletionSource();
        Receiver.HoldPosts = () => release.Task;
        var published = await PublishAsync(Engine.Organization.Id);
        var sending = Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);
        await Receiver.NextPostAsync();

        var report = (await Erasure.EraseAsync(Engine.Organization.Id, Subject(PersonId))).Value!;
        release.SetResult();
        await sending;

        Assert.Equal((1, 1, 0), (report.Events, report.Cancelled, report.Attempts));
        await using var db = await Engine.CreateDbContextAsync();
        var delivery = await db.Deliveries.Include(d => d.Attempts).SingleAsync(d => d.EventId == published.EventId);
        Assert.Equal((DeliveryStatus.Cancelled, SubjectErasure.CancelledReason, 0), (delivery.Status, delivery.LastError, delivery.Attempts.Count));
        Assert.Equal(-1, (await ReadDatabaseAsync()).AsSpan().IndexOf(Encoding.UTF8.GetBytes(Email)));
    }

    [Fact]
    public async Task EraseAsync_SameSubjectInAnotherOrganization_LeavesItsEventsUntouched()
    {
        var other = new Organization { Id = Guid.NewGuid(), Handle = "other", Name = "Other", CreatedAt = Time.GetUtcNow() };
        await using (var db = await Engine.CreateDbContextAsync())
        {
            db.Organizations.Add(other);
            await db.SaveChangesAsync();
        }

        var ours = await PublishAsync(Engine.Organization.Id);
        var theirs = await PublishAsync(other.Id);

        var report = (await Erasure.EraseAsync(Engine.Organization.Id, Subject(null, "$.claims.email", Email.ToUpperInvariant()))).Value!;

        Assert.Equal(1, report.Events);
        await using var check = await Engine.CreateDbContextAsync();
        Assert.Equal("{}", (await check.Events.SingleAsync(e => e.Id == ours.EventId)).Payload);
        var kept = await check.Events.SingleAsync(e => e.Id == theirs.EventId);
        Assert.Contains(Email, kept.Payload);
        Assert.Null(kept.ErasedAt);
        Assert.True(await check.EventSubjects.AnyAsync(s => s.EventId == theirs.EventId));
    }

    [Fact]
    public async Task EraseAsync_PathTheIndexDoesNotHold_ReadsEveryEventAndErasesOnlyThoseWithTheValueThere()
    {
        var match = await PublishAsync(Engine.Organization.Id, """, "profile": {"nickname": "ada"}""");
        var elsewhere = await PublishAsync(Engine.Organization.Id, """, "profile": {"title": "ada"}""");

        var scan = (await Erasure.EraseAsync(Engine.Organization.Id, Subject(null, "$.profile.nickname", "ada"))).Value!;
        var indexedButElsewhere = (await Erasure.EraseAsync(Engine.Organization.Id, Subject(null, "$.contact.email", Email))).Value!;

        Assert.Equal((1, "scan"), (scan.Events, scan.Lookup));
        Assert.Equal((0, "index"), (indexedButElsewhere.Events, indexedButElsewhere.Lookup));
        await using var db = await Engine.CreateDbContextAsync();
        Assert.NotNull((await db.Events.SingleAsync(e => e.Id == match.EventId)).ErasedAt);
        Assert.Null((await db.Events.SingleAsync(e => e.Id == elsewhere.EventId)).ErasedAt);
    }

    private static ErasureSubject Subject(string? personId, string? path = null, string? value = null)
    {
        var errors = new List<FieldError>();
        return ErasureSubject.Create(personId, path, value, errors) ?? throw new InvalidOperationException(string.Join(" ", errors.Select(e => e.Message)));
    }

    private async Task<WebhookConsole.Engine.Delivery.PublishResult> PublishAsync(Guid organizationId, string extra = "")
    {
        var result = await Engine.Publisher.PublishAsync(new(organizationId, "AuthenticationSucceeded_v1",
            $$"""{"person_id": "{{PersonId}}", "claims": {"email": "{{Email}}"}{{extra}}}"""));
        Assert.True(result.Accepted, string.Join(" ", result.Errors.Select(e => e.Message)));
        return result;
    }

    private async Task<byte[]> ReadDatabaseAsync()
    {
        await using (var connection = new SqliteConnection($"Data Source={Engine.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await checkpoint.ExecuteNonQueryAsync();
        }

        return await File.ReadAllBytesAsync(Engine.DatabasePath);
    }
}
