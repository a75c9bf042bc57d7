using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine;

/// <summary>The webhook page's chart data: attempts per minute by outcome and latency p50/p99, from the attempts table on a real SQLite file.</summary>
public sealed class WebhookActivityTests : IAsyncLifetime
{
    private readonly ManualTimeProvider time = new(new DateTimeOffset(2026, 11, 21, 12, 0, 30, TimeSpan.Zero));
    private EngineHost engine = null!;
    private TestReceiver receiver = null!;
    private Guid webhookId;
    private Guid otherWebhookId;

    private WebhookActivity Activity => engine.Services.GetRequiredService<WebhookActivity>();

    public async Task InitializeAsync()
    {
        engine = await EngineHost.StartAsync(time);
        receiver = await TestReceiver.StartAsync();
        webhookId = (await engine.CreateActiveWebhookAsync(receiver.Url, "login")).Webhook.Id;
        otherWebhookId = (await engine.CreateWebhookAsync(receiver.Url.TrimEnd('/') + "/other", "login")).Webhook.Id;
    }

    public async Task DisposeAsync()
    {
        await receiver.DisposeAsync();
        await engine.DisposeAsync();
    }

    [Fact]
    public async Task PerMinuteAsync_NoAttempts_ReturnsAnEmptyEntryForEveryMinuteOfTheHour()
    {
        var minutes = await Activity.PerMinuteAsync(engine.Organization.Id, webhookId, TimeSpan.FromHours(1));

        Assert.Equal(60, minutes.Count);
        Assert.All(minutes, m => Assert.Equal((0, 0, null, null), (m.Succeeded, m.Failed, m.LatencyP50Ms, m.LatencyP99Ms)));
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero), minutes[^1].Minute);
    }

    [Fact]
    public async Task PerMinuteAsync_AttemptsInTheWindow_CountsOutcomesAndLatencyPerMinute()
    {
        var now = time.GetUtcNow();
        await AddAttemptsAsync(webhookId, now.AddHours(-2), [5000], succeeded: true);
        await AddAttemptsAsync(webhookId, now.AddMinutes(-10), [.. Enumerable.Range(1, 90).Select(i => (double)i)], succeeded: true);
        await AddAttemptsAsync(webhookId, now.AddMinutes(-10).AddSeconds(5), [.. Enumerable.Range(91, 10).Select(i => (double)i)], succeeded: false);
        await AddAttemptsAsync(otherWebhookId, now.AddMinutes(-10), [7000], succeeded: false);
        await AddAttemptsAsync(webhookId, now, [40], succeeded: false);

        var minutes = await Activity.PerMinuteAsync(engine.Organization.Id, webhookId, TimeSpan.FromHours(1));

        var busy = minutes.Single(m => m.Minute == new DateTimeOffset(2026, 11, 21, 11, 50, 0, TimeSpan.Zero));
        Assert.Equal((90, 10, 50.0, 99.0), (busy.Succeeded, busy.Failed, busy.LatencyP50Ms, busy.LatencyP99Ms));
        Assert.Equal((0, 1, 40.0, 40.0), (minutes[^1].Succeeded, minutes[^1].Failed, minutes[^1].LatencyP50Ms, minutes[^1].LatencyP99Ms));
        Assert.Equal(101, minutes.Sum(m => m.Succeeded + m.Failed));
    }

    [Fact]
    public async Task PerMinuteAsync_OtherOrganization_SeesNothing()
    {
        await AddAttemptsAsync(webhookId, time.GetUtcNow(), [40], succeeded: true);

        var minutes = await Activity.PerMinuteAsync(Guid.NewGuid(), webhookId, TimeSpan.FromHours(1));

        Assert.All(minutes, m => Assert.Equal(0, m.Succeeded + m.Failed));
    }

    // One delivery per attempt, stored in time order so attempt ids grow with start times, as the recorder writes them.
    private async Task AddAttemptsAsync(Guid webhook, DateTimeOffset startedAt, IReadOnlyList<double> durationsMs, bool succeeded)
    {
        var stored = await engine.AddEventAsync(startedAt);
        await using var db = await engine.CreateDbContextAsync();
        foreach (var duration in durationsMs)
        {
            db.Deliveries.Add(new Delivery
            {
                Id = Guid.NewGuid(),
                EventId = stored.Id,
                WebhookId = webhook,
                OrganizationId = engine.Organization.Id,
                Status = succeeded ? DeliveryStatus.Succeeded : DeliveryStatus.Retrying,
                AttemptCount = 1,
                CreatedAt = startedAt,
                NextAttemptAt = startedAt,
                Attempts =
                [
                    new Attempt
                    {
                        Number = 1,
                        StartedAt = startedAt,
                        Duration = TimeSpan.FromMilliseconds(duration),
                        RequestUrl = receiver.Url,
                        RequestHeaders = "{}",
                        RequestBody = "{}",
                        ResponseStatus = succeeded ? 200 : 500,
                        Error = succeeded ? AttemptError.None : AttemptError.NonSuccessStatus,
                    },
                ],
            });
            await db.SaveChangesAsync();
        }
    }
}
