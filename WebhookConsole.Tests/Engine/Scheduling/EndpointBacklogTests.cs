using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Scheduling;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine.Scheduling;

public sealed class EndpointBacklogTests : IAsyncLifetime
{
    private readonly ManualTimeProvider time = new();
    private EngineHost engine = null!;

    private DateTimeOffset Now => time.GetUtcNow();

    private EndpointBacklog Backlog => engine.Services.GetRequiredService<EndpointBacklog>();

    public async Task InitializeAsync() => engine = await EngineHost.StartAsync(time);

    public async Task DisposeAsync() => await engine.DisposeAsync();

    [Fact]
    public async Task BusiestAsync_QueuedAndFinishedRows_CountsDueWaitingAndInFlightPerEndpointBusiestFirst()
    {
        var stuck = await WebhookAsync("stuck", new() { MaxInFlight = new(4), RateLimitPerSecond = new(5), Ordering = DeliveryOrdering.Fifo });
        var healthy = await WebhookAsync("healthy", new());
        var idle = await WebhookAsync("idle", new());
        var @event = await engine.AddEventAsync(Now.AddMinutes(-10));
        await AddAsync(stuck, DeliveryStatus.Pending, 3);
        await AddAsync(stuck, DeliveryStatus.Retrying, 2);
        await AddAsync(stuck, DeliveryStatus.Retrying, 1, due: Now.AddMinutes(1));
        await AddAsync(stuck, DeliveryStatus.InFlight, 2);
        await AddAsync(stuck, DeliveryStatus.Succeeded, 3);
        await AddAsync(healthy, DeliveryStatus.Pending, 1);
        await AddAsync(healthy, DeliveryStatus.Pending, 4, due: Now.AddSeconds(1));
        await AddAsync(idle, DeliveryStatus.Failed, 2);
        await AddAsync(idle, DeliveryStatus.Cancelled, 1);
        await using (var db = await engine.CreateDbContextAsync())
        {
            db.EndpointStates.Add(new EndpointState { WebhookId = stuck, Circuit = CircuitState.Open, CircuitSince = Now, NextProbeAt = Now.AddSeconds(30) });
            await db.SaveChangesAsync();
        }

        var rows = await Backlog.BusiestAsync(engine.Organization.Id);

        Assert.Equal(
            [
                new EndpointBacklogRow(stuck, "stuck", Due: 5, Waiting: 1, InFlight: 2, CircuitState.Open, 4, 5, DeliveryOrdering.Fifo),
                new EndpointBacklogRow(healthy, "healthy", Due: 1, Waiting: 4, InFlight: 0, CircuitState.Closed, null, null, DeliveryOrdering.None),
            ],
            rows);

        async Task AddAsync(Guid webhookId, DeliveryStatus status, int count, DateTimeOffset? due = null)
        {
            for (var i = 0; i < count; i++)
            {
                await engine.AddDeliveryAsync(webhookId, @event.Id, status, @event.ReceivedAt, nextAttemptAt: due);
            }
        }
    }

    [Fact]
    public async Task BusiestAsync_ElevenBusyEndpoints_ListsTheTopTen()
    {
        var @event = await engine.AddEventAsync(Now.AddMinutes(-1));
        var ids = new List<Guid>();
        for (var i = 1; i <= 11; i++)
        {
            ids.Add(await WebhookAsync($"endpoint {i}", new()));
            for (var n = 0; n < i; n++)
            {
                await engine.AddDeliveryAsync(ids[^1], @event.Id, DeliveryStatus.Pending, @event.ReceivedAt);
            }
        }

        var rows = await Backlog.BusiestAsync(engine.Organization.Id);

        Assert.Equal(Enumerable.Range(2, 10).Reverse().Select(i => $"endpoint {i}"), rows.Select(r => r.Name));
        Assert.Equal(11, rows[0].Due);
    }

    [Fact]
    public async Task BusiestAsync_AnotherOrganizationsBacklog_IsNotListed()
    {
        var other = new Organization { Id = Guid.NewGuid(), Handle = "other", Name = "Other", CreatedAt = Now };
        await using (var db = await engine.CreateDbContextAsync())
        {
            db.Organizations.Add(other);
            await db.SaveChangesAsync();
        }

        var theirs = (await engine.Webhooks.CreateAsync(other.Id, new() { Name = "theirs", TargetUrl = "http://127.0.0.1:9/theirs", Channels = ["login"] })).Value!.Webhook.Id;
        await using (var db = await engine.CreateDbContextAsync())
        {
            var @event = new WebhookEvent { Id = Guid.NewGuid(), OrganizationId = other.Id, TriggerType = TriggerType.Event, Name = "AuthenticationSucceeded_v1", Payload = "{}", ReceivedAt = Now };
            db.Events.Add(@event);
            db.Deliveries.Add(new Delivery { Id = Guid.NewGuid(), EventId = @event.Id, WebhookId = theirs, OrganizationId = other.Id, Status = DeliveryStatus.Pending, CreatedAt = Now, NextAttemptAt = Now });
            await db.SaveChangesAsync();
        }

        Assert.Empty(await Backlog.BusiestAsync(engine.Organization.Id));
        Assert.Equal(theirs, Assert.Single(await Backlog.BusiestAsync(other.Id)).WebhookId);
    }

    private async Task<Guid> WebhookAsync(string name, WebhookConsole.Engine.Webhooks.WebhookPatch settings)
    {
        var id = (await engine.CreateWebhookAsync($"http://127.0.0.1:9/{Uri.EscapeDataString(name)}")).Webhook.Id;
        settings.Name = name;
        Assert.True((await engine.Webhooks.UpdateAsync(engine.Organization.Id, id, settings)).Succeeded);
        return id;
    }
}
