using WebhookConsole.Engine.Delivery;
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
        Assert.Equal(time.GetUtcNow().ToUnixTimeSeconds(), rates[^1].Second.ToUnixTimeSeconds());
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
    public async Task PerSecondAsync_OtherOrganization_SeesNothing()
    {
        await PublishAndDispatchAsync(200);

        var rates = await Rates.PerSecondAsync(Guid.NewGuid(), TimeSpan.FromMinutes(5));

        Assert.All(rates, r => Assert.Equal(0, r.Succeeded));
    }

    private async Task PublishAndDispatchAsync(int status)
    {
        receiver.PostStatuses.Enqueue(status);
        await engine.Publisher.PublishAsync(new(engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));
        await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);
        await receiver.NextPostAsync();
    }
}
