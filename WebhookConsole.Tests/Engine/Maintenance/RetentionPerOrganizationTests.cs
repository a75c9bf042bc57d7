using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Maintenance;
using WebhookConsole.Engine.Privacy;
using WebhookConsole.Engine.Webhooks;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine.Maintenance;

public sealed class RetentionPerOrganizationTests : IAsyncLifetime
{
    private readonly ManualTimeProvider time = new();
    private EngineHost engine = null!;
    private Guid webhookId;

    private RetentionSettings Settings => engine.Services.GetRequiredService<RetentionSettings>();

    public async Task InitializeAsync()
    {
        engine = await EngineHost.StartAsync(time);
        webhookId = (await engine.CreateWebhookAsync("http://127.0.0.1:9/hook")).Webhook.Id;
    }

    public async Task DisposeAsync() => await engine.DisposeAsync();

    [Fact]
    public async Task PurgeAsync_StatusNinetyDaysBodiesSeven_KeepsRowsRemovesOldBodiesAndOthersFollowTheDefault()
    {
        var set = await Settings.UpdateAsync(engine.Organization.Id, new(90), new(7));
        Assert.True(set.Succeeded);
        var now = time.GetUtcNow();
        var fortyDays = await AddFinishedAsync(now - TimeSpan.FromDays(40));
        var threeDays = await AddFinishedAsync(now - TimeSpan.FromDays(3));
        var hundredDays = await AddFinishedAsync(now - TimeSpan.FromDays(100));
        var otherOrganization = await AddFinishedAsync(now - TimeSpan.FromDays(40));
        await MoveToAnotherOrganizationAsync(otherOrganization);

        var result = await engine.Services.GetRequiredService<RetentionPurge>().PurgeAsync(CancellationToken.None);

        Assert.Equal((2, 1), (result.Deliveries, result.BodiesRemoved));
        await using var db = await engine.CreateDbContextAsync();
        var kept = await db.Deliveries.Include(d => d.Attempts).ToDictionaryAsync(d => d.Id);
        Assert.Equal(new[] { fortyDays.Id, threeDays.Id }.Order(), kept.Keys.Order());
        Assert.Equal(now, kept[fortyDays.Id].BodiesPurgedAt);
        Assert.Equal(DeliveryStatus.Succeeded, kept[fortyDays.Id].Status);
        Assert.All(kept[fortyDays.Id].Attempts, a => Assert.Equal(("", null), (a.RequestBody, a.ResponseBody)));
        Assert.Null(kept[threeDays.Id].BodiesPurgedAt);
        Assert.All(kept[threeDays.Id].Attempts, a => Assert.NotEqual("", a.RequestBody));
    }

    [Fact]
    public async Task PurgeAsync_HubWideAndOwnWindows_EachOrganizationLosesOnlyItsFinishedRowsPastItsOwnWindow()
    {
        var now = time.GetUtcNow();
        (Guid Organization, Guid Webhook) hubWide = (engine.Organization.Id, webhookId);
        var windows = new Dictionary<(Guid Organization, Guid Webhook), int>
        {
            [hubWide] = 30,
            [await engine.AddOrganizationAsync("shorter", TimeSpan.FromDays(10), bodyRetention: TimeSpan.FromDays(10))] = 10,
            [await engine.AddOrganizationAsync("longer", TimeSpan.FromDays(90))] = 90,
            [await engine.AddOrganizationAsync("also-hub-wide")] = 30,
        };
        var expected = new List<Delivery>();
        foreach (var (owner, window) in windows)
        {
            foreach (var days in new[] { 5, 20, 40, 100 })
            {
                var finished = await AddFinishedAsync(now - TimeSpan.FromDays(days), owner);
                if (days < window)
                {
                    expected.Add(finished);
                }
            }

            // A retrying delivery stays at any age, and so does its event.
            var stored = await engine.AddEventAsync(now - TimeSpan.FromDays(100), organizationId: owner.Organization);
            expected.Add(await engine.AddDeliveryAsync(owner.Webhook, stored.Id, DeliveryStatus.Retrying, stored.ReceivedAt, attempts: 1));
        }

        var result = await engine.Services.GetRequiredService<RetentionPurge>().PurgeAsync(CancellationToken.None);

        Assert.Equal((8, 16, 8), (result.Deliveries, result.Attempts, result.Events));
        await using var db = await engine.CreateDbContextAsync();
        var deliveries = await db.Deliveries.Select(d => new { d.OrganizationId, d.Id }).ToListAsync();
        var events = await db.Events.Select(e => new { e.OrganizationId, e.Id }).ToListAsync();
        Assert.Equal(expected.Select(d => (d.OrganizationId, d.Id)).Order(), deliveries.Select(d => (d.OrganizationId, d.Id)).Order());
        Assert.Equal(expected.Select(d => (d.OrganizationId, d.EventId)).Order(), events.Select(e => (e.OrganizationId, e.Id)).Order());
        Assert.Equal(expected.Sum(d => d.Attempts.Count), await db.Attempts.CountAsync());
    }

    [Fact]
    public async Task UpdateAsync_BodiesLongerThanRowsOrOutOfRange_IsRefusedNamingTheFieldAndChangesNothing()
    {
        var longer = await Settings.UpdateAsync(engine.Organization.Id, new(90), new(100));
        var zero = await Settings.UpdateAsync(engine.Organization.Id, new(0), default);
        var longerThanDefault = await Settings.UpdateAsync(engine.Organization.Id, default, new(31));

        Assert.Equal(("body_retention_days", CommandStatus.Invalid), (longer.Errors.Single().Field, longer.Status));
        Assert.Contains("must not exceed how long the deliveries are kept (90 days)", longer.Errors.Single().Message);
        Assert.Equal("event_retention_days", zero.Errors.Single().Field);
        Assert.Contains("(30 days)", longerThanDefault.Errors.Single().Message);
        var retention = (await Settings.GetAsync(engine.Organization.Id))!;
        Assert.Equal((null, null, TimeSpan.FromDays(30), TimeSpan.FromDays(30)), (retention.EventRetention, retention.BodyRetention, retention.Events, retention.Bodies));
    }

    private async Task<Delivery> AddFinishedAsync(DateTimeOffset at, (Guid Organization, Guid Webhook)? owner = null)
    {
        var stored = await engine.AddEventAsync(at, organizationId: owner?.Organization);
        return await engine.AddDeliveryAsync(owner?.Webhook ?? webhookId, stored.Id, DeliveryStatus.Succeeded, at, completedAt: at, attempts: 2);
    }

    private async Task MoveToAnotherOrganizationAsync(Delivery delivery)
    {
        await using var db = await engine.CreateDbContextAsync();
        var other = new Organization { Id = Guid.NewGuid(), Handle = "other", Name = "Other", CreatedAt = time.GetUtcNow() };
        db.Organizations.Add(other);
        await db.SaveChangesAsync();
        await db.Deliveries.Where(d => d.Id == delivery.Id).ExecuteUpdateAsync(u => u.SetProperty(d => d.OrganizationId, other.Id));
        await db.Events.Where(e => e.Id == delivery.EventId).ExecuteUpdateAsync(u => u.SetProperty(e => e.OrganizationId, other.Id));
    }
}
