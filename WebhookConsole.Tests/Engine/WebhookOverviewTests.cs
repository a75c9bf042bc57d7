using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Webhooks;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine;

/// <summary>The webhooks list query: search, filters, last delivery result and 24-hour success rate, on a real SQLite file.</summary>
public sealed class WebhookOverviewTests : IAsyncLifetime
{
    private readonly ManualTimeProvider time = new();
    private EngineHost engine = null!;

    private WebhookOverview Overview => engine.Services.GetRequiredService<WebhookOverview>();

    public async Task InitializeAsync() => engine = await EngineHost.StartAsync(time);

    public async Task DisposeAsync() => await engine.DisposeAsync();

    [Fact]
    public async Task ListAsync_NoWebhooks_ReturnsEmpty()
    {
        Assert.Empty(await Overview.ListAsync(engine.Organization.Id, new WebhookOverviewFilter()));
    }

    [Fact]
    public async Task ListAsync_SearchTerm_MatchesNameOrEndpointIgnoringCase()
    {
        var logins = await CreateAsync("Logins", "https://alpha.example.com/hook", WebhookFormat.WebSub);
        var audit = await CreateAsync("Audit", "https://LOGS.example.com/in", WebhookFormat.Jwt);
        await CreateAsync("Billing", "https://beta.example.com/hook", WebhookFormat.Standard);

        Assert.Equal([logins], await IdsAsync(new WebhookOverviewFilter("LOGIN")));
        Assert.Equal([audit], await IdsAsync(new WebhookOverviewFilter("logs.example")));
        Assert.Equal(3, (await IdsAsync(new WebhookOverviewFilter("  "))).Count);
        Assert.Empty(await IdsAsync(new WebhookOverviewFilter("nothing")));
    }

    [Fact]
    public async Task ListAsync_StatusAndFormatFilters_ReturnOnlyMatchingWebhooks()
    {
        var websub = await CreateAsync("A", "https://a.example.com/hook", WebhookFormat.WebSub);
        var jwt = await CreateAsync("B", "https://b.example.com/hook", WebhookFormat.Jwt);
        Assert.True((await engine.Webhooks.SetActiveAsync(engine.Organization.Id, jwt, true)).Succeeded);

        Assert.Equal([jwt], await IdsAsync(new WebhookOverviewFilter(Format: WebhookFormat.Jwt)));
        Assert.Equal([jwt], await IdsAsync(new WebhookOverviewFilter(Status: WebhookStatus.Active)));
        Assert.Equal([websub], await IdsAsync(new WebhookOverviewFilter(Status: WebhookStatus.Inactive)));
        Assert.Empty(await IdsAsync(new WebhookOverviewFilter(Status: WebhookStatus.Active, Format: WebhookFormat.WebSub)));
    }

    [Fact]
    public async Task ListAsync_Deliveries_LastResultIsTheNewestAndRateCountsFinishedInTheLast24Hours()
    {
        var id = await CreateAsync("A", "https://a.example.com/hook", WebhookFormat.Jwt);
        var now = time.GetUtcNow();
        var eventRow = await engine.AddEventAsync(now);
        await engine.AddDeliveryAsync(id, eventRow.Id, DeliveryStatus.Succeeded, now.AddHours(-30), now.AddHours(-25), attempts: 1);
        await engine.AddDeliveryAsync(id, eventRow.Id, DeliveryStatus.Succeeded, now.AddHours(-3), now.AddHours(-3), attempts: 1);
        await engine.AddDeliveryAsync(id, eventRow.Id, DeliveryStatus.Succeeded, now.AddHours(-2), now.AddHours(-2), attempts: 1);
        await engine.AddDeliveryAsync(id, eventRow.Id, DeliveryStatus.Failed, now.AddHours(-1), now.AddHours(-1), attempts: 3);
        var newest = await engine.AddDeliveryAsync(id, eventRow.Id, DeliveryStatus.Cancelled, now.AddMinutes(-5), now.AddMinutes(-4));
        await SetLastResponseStatusAsync(newest.Id, 503);

        var row = Assert.Single(await Overview.ListAsync(engine.Organization.Id, new WebhookOverviewFilter()));

        Assert.Equal(new LastDeliveryResult(DeliveryStatus.Cancelled, 503), row.LastDelivery);
        Assert.Equal("cancelled 503", row.LastDelivery!.ToString());
        Assert.Equal(2, row.SucceededLast24Hours);
        Assert.Equal(3, row.AttemptedLast24Hours);
        Assert.Equal("66.6%", row.SuccessRateText);
    }

    // Issue 10, defect 6: retrying deliveries count against the rate, and sync-hook calls count nowhere in it.
    [Fact]
    public async Task ListAsync_NewestRetryingAndSyncHookCalls_RateCountsRetryingAndLeavesSyncHooksOut()
    {
        var id = await CreateAsync("A", "https://a.example.com/hook", WebhookFormat.Jwt);
        var now = time.GetUtcNow();
        var eventRow = await engine.AddEventAsync(now);
        var hookCall = await engine.AddEventAsync(now, TriggerType.SyncHook);
        await engine.AddDeliveryAsync(id, eventRow.Id, DeliveryStatus.Succeeded, now.AddHours(-2), now.AddHours(-2), attempts: 1);
        var retrying = await engine.AddDeliveryAsync(id, eventRow.Id, DeliveryStatus.Retrying, now.AddMinutes(-10), attempts: 2);
        await SetLastResponseStatusAsync(retrying.Id, 500);
        await engine.AddDeliveryAsync(id, eventRow.Id, DeliveryStatus.Retrying, now.AddMinutes(-9), attempts: 1);
        await engine.AddDeliveryAsync(id, hookCall.Id, DeliveryStatus.Succeeded, now.AddMinutes(-1), now.AddMinutes(-1), attempts: 1);

        var row = Assert.Single(await Overview.ListAsync(engine.Organization.Id, new WebhookOverviewFilter()));

        Assert.Equal(1, row.SucceededLast24Hours);
        Assert.Equal(3, row.AttemptedLast24Hours);
        Assert.Equal("33.3%", row.SuccessRateText);
        Assert.Equal(DeliveryStatus.Retrying, row.LastDelivery!.Status);
    }

    [Fact]
    public async Task ListAsync_NoFinishedDeliveries_HasNoRateAndAPendingLastResult()
    {
        var id = await CreateAsync("A", "https://a.example.com/hook", WebhookFormat.Jwt);
        var eventRow = await engine.AddEventAsync(time.GetUtcNow());
        await engine.AddDeliveryAsync(id, eventRow.Id, DeliveryStatus.Pending, time.GetUtcNow());
        var other = await CreateAsync("B", "https://b.example.com/hook", WebhookFormat.Jwt);

        var rows = await Overview.ListAsync(engine.Organization.Id, new WebhookOverviewFilter());

        Assert.Equal("pending", rows.Single(r => r.Id == id).LastDelivery!.ToString());
        Assert.Null(rows.Single(r => r.Id == id).SuccessRate);
        Assert.Equal("—", rows.Single(r => r.Id == id).SuccessRateText);
        Assert.Null(rows.Single(r => r.Id == other).LastDelivery);
    }

    [Fact]
    public async Task ListAsync_OtherOrganizationsWebhooks_AreNotListed()
    {
        await CreateAsync("A", "https://a.example.com/hook", WebhookFormat.Jwt);

        Assert.Empty(await Overview.ListAsync(Guid.NewGuid(), new WebhookOverviewFilter()));
    }

    private async Task<Guid> CreateAsync(string name, string url, WebhookFormat format)
    {
        var result = await engine.Webhooks.CreateAsync(engine.Organization.Id, new WebhookInput
        {
            Name = name,
            TargetUrl = url,
            Format = format,
            Channels = ["login"],
        });
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Message)));
        time.Advance(TimeSpan.FromSeconds(1));
        return result.Value!.Webhook.Id;
    }

    private async Task SetLastResponseStatusAsync(Guid deliveryId, int status)
    {
        await using var db = await engine.CreateDbContextAsync();
        await db.Deliveries.Where(d => d.Id == deliveryId).ExecuteUpdateAsync(s => s.SetProperty(d => d.LastResponseStatus, status));
    }

    private async Task<List<Guid>> IdsAsync(WebhookOverviewFilter filter) =>
        (await Overview.ListAsync(engine.Organization.Id, filter)).Select(r => r.Id).ToList();
}
