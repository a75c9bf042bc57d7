using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine;

/// <summary>
/// On SQLite the publisher stores its next batch of callers' events while the batch before it commits. Acceptance order
/// must still be commit order, and a batch that breaks (one caller's event id is another organization's) must still
/// store every other caller's event, once: these tests publish from many callers at once into a real SQLite file.
/// </summary>
public sealed class EventPublisherPipelineTests : IAsyncLifetime
{
    private EngineHost engine = null!;
    private TestReceiver receiver = null!;

    public async Task InitializeAsync()
    {
        engine = await EngineHost.StartAsync();
        receiver = await TestReceiver.StartAsync();
        await engine.CreateActiveWebhookAsync(receiver.Url, "login");
    }

    public async Task DisposeAsync()
    {
        await receiver.DisposeAsync();
        await engine.DisposeAsync();
    }

    [Fact]
    public async Task PublishAsync_ManyCallersAndOneTakenEventId_RefusesThatOneAndStoresEveryOtherOnce()
    {
        var other = await engine.AddOrganizationAsync("other");
        var taken = (await engine.Publisher.PublishAsync(new EventToPublish(other.Organization, "AuthenticationSucceeded_v1", "{}"))).EventId;

        var publishes = Enumerable.Range(0, 300)
            .Select(i => Task.Run(() => engine.Publisher.PublishAsync(
                new EventToPublish(engine.Organization.Id, "AuthenticationSucceeded_v1", "{}", EventId: i == 150 ? taken : null))))
            .ToList();
        var refused = await Assert.ThrowsAsync<EventIdTakenException>(() => publishes[150]);
        var stored = await Task.WhenAll(publishes.Where((_, i) => i != 150));

        Assert.Equal(taken, refused.EventId);
        Assert.All(stored, result => Assert.Equal(1, result.DeliveryCount));
        await using var db = await engine.CreateDbContextAsync();
        var events = await db.Events.Where(e => e.OrganizationId == engine.Organization.Id).Select(e => e.Id).ToListAsync();
        Assert.Equal(stored.Select(r => r.EventId).Order(), events.Order());
        Assert.Equal(299, await db.Deliveries.CountAsync(d => d.OrganizationId == engine.Organization.Id));
        Assert.Equal(other.Organization, (await db.Events.SingleAsync(e => e.Id == taken)).OrganizationId);
    }

    [Fact]
    public async Task PublishAsync_ManyCallersAtOnce_RowsAreStoredInAcceptanceOrder()
    {
        // 64 callers, 20 events each, one after another: batches form and commit back to back.
        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                await engine.Publisher.PublishAsync(new EventToPublish(engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));
            }
        })));

        // SQLite numbers rows in the order they were written (rowid): the acceptance numbers must rise with it, or a
        // later batch was committed before an earlier one and a FIFO endpoint could be sent them out of order.
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={engine.DatabasePath};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"Sequence\" FROM deliveries ORDER BY rowid";
        var numbers = new List<long>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                numbers.Add(reader.GetInt64(0));
            }
        }

        Assert.Equal(64 * 20, numbers.Count);
        Assert.Equal(numbers.Order(), numbers);
    }
}
