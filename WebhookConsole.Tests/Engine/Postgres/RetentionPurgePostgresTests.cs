using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Maintenance;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine.Postgres;

/// <summary>The retention purge, one organization at a time, on a real PostgreSQL server (the same EF Core code as on SQLite).</summary>
[Collection(PostgresCollection.Name)]
public sealed class RetentionPurgePostgresTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly ManualTimeProvider time = new();
    private EngineHost engine = null!;

    public async Task InitializeAsync() => engine = await EngineHost.StartAsync(time, new Dictionary<string, string?>
    {
        ["Database:Provider"] = "Postgres",
        ["ConnectionStrings:WebhookConsole"] = await postgres.CreateDatabaseAsync(),
        ["Maintenance:PurgeBatchSize"] = "2",
    });

    public async Task DisposeAsync() => await engine.DisposeAsync();

    [Fact]
    public async Task PurgeAsync_HubWideAndOwnWindowsOnPostgres_DeletesEachOrganizationsRowsPastItsWindowOnly()
    {
        var now = time.GetUtcNow();
        (Guid Organization, Guid Webhook) hubWide = (engine.Organization.Id, (await engine.CreateWebhookAsync("http://127.0.0.1:9/hook")).Webhook.Id);
        var longer = await engine.AddOrganizationAsync("longer", TimeSpan.FromDays(90));
        var kept = new List<Guid>();
        foreach (var owner in new[] { hubWide, longer })
        {
            foreach (var days in new[] { 1, 40, 100, 120 })
            {
                var stored = await engine.AddEventAsync(now - TimeSpan.FromDays(days), organizationId: owner.Organization);
                var delivery = await engine.AddDeliveryAsync(owner.Webhook, stored.Id, DeliveryStatus.Failed, stored.ReceivedAt, completedAt: stored.ReceivedAt, attempts: 1);
                if (days < (owner == longer ? 90 : 30))
                {
                    kept.Add(delivery.Id);
                }
            }
        }

        var result = await engine.Services.GetRequiredService<RetentionPurge>().PurgeAsync(CancellationToken.None);

        // The hub's 30 days: 40, 100 and 120 go; the organization's own 90: 100 and 120 go, its 40-day-old row stays.
        Assert.Equal((5, 5, 5), (result.Deliveries, result.Attempts, result.Events));
        await using var db = await engine.CreateDbContextAsync();
        Assert.Equal(kept.Order(), (await db.Deliveries.Select(d => d.Id).ToListAsync()).Order());
        Assert.Equal(kept.Count, await db.Events.CountAsync());
    }
}
