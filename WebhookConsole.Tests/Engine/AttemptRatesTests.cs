using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine;

/// <summary>The jobs page's per-second graph data, from the attempts table.</summary>
public sealed class AttemptRatesTests : IAsyncLifetime
{
    private readonly ManualTimeProvider time = new();
    private EngineHost engine = null!;
    private TestReceiver receiver = null!;

    private AttemptRates Rates => engine.Services.GetRequiredService<AttemptRates>();

    public async Task InitializeAsync()
    {
        engine = await EngineHost.StartAsync(time);
        receiver = await TestReceiver.StartAsync();
        await engine.CreateActiveWebhookAsync(receiver.Url, "login");
    }

    public async Task DisposeAsync()
    {
        await receiver.DisposeAsync();
        await engine.DisposeAsync();
    }

    [Fact]
    public async Task PerSecondAsync_NoAttempts_ReturnsAZeroForEverySecondOfTheWindow()
    {
        var rates = await Rates.PerSecondAsync(engine.Organization.Id, TimeSpan.FromMinutes(5));

        Assert.Equal(300, rates.Count);
        Assert.All(rates, r => Assert.Equal((0, 0), (r.Succeeded, r.Failed)));
        Assert.Equal(time.GetUtcNow().ToUnixTimeSeconds(), rates[^1].Start.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task PerSecondAsync_AttemptsInTwoSeconds_CountsEachInItsSecondAndLeavesOlderOnesOut()
    {
        await PublishAndDispatchAsync(200);
        time.Advance(TimeSpan.FromMinutes(10));
        await PublishAndDispatchAsync(200);
        await PublishAndDispatchAsync(500);
        time.Advance(TimeSpan.FromSeconds(3));
        await PublishAndDispatchAsync(200);

        var rates = await Rates.PerSecondAsync(engine.Organization.Id, TimeSpan.FromMinutes(5));

        Assert.Equal((2, 1), (rates.Sum(r => r.Succeeded), rates.Sum(r => r.Failed)));
        Assert.Equal((1, 0), (rates[^1].Succeeded, rates[^1].Failed));
        Assert.Equal((1, 1), (rates[^4].Succeeded, rates[^4].Failed));
    }

    [Fact]
    public async Task PerSecondAsync_SyncHookCallBesideAnEvent_CountsOnlyTheEventAttempts()
    {
        var webhook = (await engine.Webhooks.ListAsync(engine.Organization.Id))[0].Id;
        var now = time.GetUtcNow();
        await engine.AddDeliveryAsync(webhook, (await engine.AddEventAsync(now)).Id, DeliveryStatus.Failed, now, now, attempts: 2);
        await engine.AddDeliveryAsync(webhook, (await engine.AddEventAsync(now, TriggerType.SyncHook)).Id, DeliveryStatus.Failed, now, now, attempts: 3);

        var rates = await Rates.PerSecondAsync(engine.Organization.Id, TimeSpan.FromMinutes(5));

        Assert.Equal((0, 2), (rates.Sum(r => r.Succeeded), rates.Sum(r => r.Failed)));
    }

    [Fact]
    public async Task PerSecondAsync_OtherOrganization_SeesNothing()
    {
        await PublishAndDispatchAsync(200);

        var rates = await Rates.PerSecondAsync(Guid.NewGuid(), TimeSpan.FromMinutes(5));

        Assert.All(rates, r => Assert.Equal(0, r.Succeeded));
    }

    [Fact]
    public async Task PerHourAsync_AttemptsOverHours_CountsEachHourAndKeepsFinishedHoursAsTheyWere()
    {
        await PublishAndDispatchAsync(200);
        time.Advance(TimeSpan.FromHours(2));
        await PublishAndDispatchAsync(500);

        var first = await Rates.PerHourAsync(engine.Organization.Id, TimeSpan.FromHours(24));
        await PublishAndDispatchAsync(200);
        var second = await Rates.PerHourAsync(engine.Organization.Id, TimeSpan.FromHours(24));

        Assert.Equal(24, first.Count);
        Assert.Equal((1, 0), (first[^3].Succeeded, first[^3].Failed));
        Assert.Equal((0, 1), (first[^1].Succeeded, first[^1].Failed));
        Assert.Equal((1, 1), (second[^1].Succeeded, second[^1].Failed));
        Assert.Equal(first.Take(23), second.Take(23));
        Assert.Equal(0, first[^1].Start.ToUnixTimeSeconds() % 3600);
    }

    [Fact]
    public async Task DispatcherStatus_ThisProcess_ListsItsNodeWorkersAndHeartbeat()
    {
        await PublishAndDispatchAsync(200);
        await engine.Publisher.PublishAsync(new(engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));
        await engine.Services.ClaimAsync("other-host/42/abc", 10, TimeSpan.FromMinutes(1));

        var nodes = await engine.Services.GetRequiredService<DispatcherStatus>().ListAsync(engine.Organization.Id);

        Assert.Equal(2, nodes.Count);
        Assert.True(nodes[0].IsThisProcess);
        Assert.Equal(WebhookHttpClient.NodeTag, nodes[0].NodeTag);
        Assert.Equal(64, nodes[0].Workers);
        Assert.Equal(("other-host/42/abc", 1, false), (nodes[1].Owner, nodes[1].ClaimedRows, nodes[1].IsThisProcess));
    }

    private async Task PublishAndDispatchAsync(int status)
    {
        receiver.PostStatuses.Enqueue(status);
        await engine.Publisher.PublishAsync(new(engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));
        await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);
        await receiver.NextPostAsync();
    }
}
