using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Maintenance;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Engine.Operations;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine.Maintenance;

public sealed class AutoDisableCheckTests : IAsyncLifetime
{
    private readonly ManualTimeProvider time = new();
    private EngineHost engine = null!;

    public async Task InitializeAsync() => engine = await EngineHost.StartAsync(time);

    public async Task DisposeAsync() => await engine.DisposeAsync();

    [Fact]
    public async Task DisableFailingAsync_FailingLongerThanDisableAfter_DisablesOnlyThoseWithTheReasonAndNotifies()
    {
        var now = time.GetUtcNow();
        var failingTooLong = await AddWebhookAsync("a", WebhookStatus.Active, now - TimeSpan.FromDays(5) - TimeSpan.FromMinutes(1));
        var failingBriefly = await AddWebhookAsync("b", WebhookStatus.Active, now - TimeSpan.FromDays(4));
        var healthy = await AddWebhookAsync("c", WebhookStatus.Active, failingSince: null);
        var switchedOff = await AddWebhookAsync("d", WebhookStatus.Inactive, now - TimeSpan.FromDays(10));
        var changes = new ConcurrentQueue<EngineChange>();
        using var subscription = engine.Services.GetRequiredService<EngineNotifier>().Subscribe(changes.Enqueue);

        var disabled = await engine.Services.GetRequiredService<AutoDisableCheck>().DisableFailingAsync(CancellationToken.None);

        Assert.Equal(1, disabled);
        await using var db = await engine.CreateDbContextAsync();
        var rows = await db.Webhooks.AsNoTracking().ToDictionaryAsync(w => w.Id);
        Assert.Equal(WebhookStatus.Disabled, rows[failingTooLong].Status);
        Assert.Equal(
            "Every delivery failed for 5 days since 2026-11-16 11:59 UTC, so WebhookConsole stopped sending to it. Fix the endpoint, then switch the webhook on again.",
            rows[failingTooLong].DisabledReason);
        Assert.Null(rows[failingTooLong].FailingSince);
        Assert.Equal(WebhookStatus.Active, rows[failingBriefly].Status);
        Assert.Equal(WebhookStatus.Active, rows[healthy].Status);
        Assert.Equal(WebhookStatus.Inactive, rows[switchedOff].Status);
        var change = Assert.Single(changes);
        Assert.Equal(new EngineChange(EngineChangeKind.WebhookChanged, engine.Organization.Id, failingTooLong), change);
        Assert.True(engine.Services.GetRequiredService<OperationalEvents>().Reader.TryRead(out var raised));
        Assert.Equal((OperationalEventKind.WebhookDisabled, failingTooLong, rows[failingTooLong].DisabledReason), (raised.Kind, raised.WebhookId!.Value, raised.Message));
    }

    [Fact]
    public async Task RunAsync_ConfiguredDisableAfter_NamesItInTheMessageAndTheReason()
    {
        await using var shortLimit = await EngineHost.StartAsync(time, new Dictionary<string, string?> { ["Delivery:DisableAfter"] = "12:00:00" });
        var created = await shortLimit.CreateWebhookAsync("http://127.0.0.1:9/hook");
        await using (var db = await shortLimit.CreateDbContextAsync())
        {
            await db.Webhooks.Where(w => w.Id == created.Webhook.Id).ExecuteUpdateAsync(s => s
                .SetProperty(w => w.Status, WebhookStatus.Active)
                .SetProperty(w => w.FailingSince, time.GetUtcNow() - TimeSpan.FromHours(13)));
        }

        var message = await shortLimit.Services.GetRequiredService<AutoDisableCheck>().RunAsync(CancellationToken.None);

        Assert.Equal("disabled 1 webhooks that failed every delivery for 12 hours", message);
        var webhook = (await shortLimit.Webhooks.GetAsync(shortLimit.Organization.Id, created.Webhook.Id))!;
        Assert.StartsWith("Every delivery failed for 12 hours since 2026-11-20 23:00 UTC", webhook.DisabledReason);
    }

    private async Task<Guid> AddWebhookAsync(string path, WebhookStatus status, DateTimeOffset? failingSince)
    {
        var created = await engine.CreateWebhookAsync($"http://127.0.0.1:9/{path}");
        await using var db = await engine.CreateDbContextAsync();
        await db.Webhooks.Where(w => w.Id == created.Webhook.Id).ExecuteUpdateAsync(s => s
            .SetProperty(w => w.Status, status)
            .SetProperty(w => w.FailingSince, failingSince));
        return created.Webhook.Id;
    }
}
