using Bunit;
using Radzen.Blazor;
using WebhookConsole.Components.Pages;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Configuration;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Scheduling;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Components;

public sealed class JobsTests : ConsoleTestContext, IAsyncLifetime
{
    private TestReceiver receiver = null!;

    public JobsTests()
    {
        // RadzenChart measures itself through JavaScript, which bUnit does not run; Chromium tests draw the real one.
        ComponentFactories.AddStub<RadzenChart>();
    }

    public async Task InitializeAsync() => receiver = await TestReceiver.StartAsync();

    public new async Task DisposeAsync() => await receiver.DisposeAsync();

    [Fact]
    public void Render_NoDeliveries_ShowsZeroCountsEmptyListAndEveryMaintenanceJob()
    {
        var page = Render<Jobs>();

        page.WaitForAssertion(() => Assert.Equal("Jobs", page.Find("h1").TextContent));
        Assert.Equal(["0 Pending", "0 In flight", "0 Retrying", "0 Succeeded", "0 Failed", "0 Cancelled"],
            page.FindAll(".state-card").Select(c => string.Join(' ', c.TextContent.Split(default(char[]), StringSplitOptions.RemoveEmptyEntries))));
        Assert.Equal("true", page.Find("[data-state=failed]").GetAttribute("aria-pressed"));
        Assert.Contains("No failed deliveries.", page.Find(".empty-state").TextContent);
        Assert.Equal("Last 5 minutes: 0 attempts succeeded, 0 failed.", page.FindAll(".throughput-summary")[0].TextContent);
        Assert.Equal("Last 24 hours: 0 attempts succeeded, 0 failed.", page.FindAll(".throughput-summary")[1].TextContent);
        Assert.Equal(["No deliveries in this period.", "No deliveries in this period."], page.FindAll(".throughput .chart-empty").Select(e => e.TextContent));
        Assert.Contains("this process", page.Find("table[aria-label=Dispatchers]").TextContent);
        Assert.Equal(MaintenanceOptions.JobNames.Count, page.FindAll("[data-job]").Count);
        Assert.Contains("never", page.Find("[data-job=RetentionPurge]").TextContent);
        Assert.NotNull(page.Find("button[aria-label='Trigger RetentionPurge now']"));
    }

    [Fact]
    public async Task Requeue_CancelledDelivery_MovesItToPendingAndSaysSo()
    {
        await CreateActiveWebhookAsync();
        await PublishAsync();
        var id = (await Log.ListAsync(Organization.Id))[0].Id;
        await Services.GetRequiredService<DeliveryControl>().CancelAsync(Organization.Id, id);
        var page = Render<Jobs>();
        page.WaitForAssertion(() => Assert.Contains("1", page.Find("[data-state=cancelled] .state-count").TextContent));
        await page.InvokeAsync(() => page.Find("[data-state=cancelled]").Click());

        await page.InvokeAsync(() => page.Find($"tr[data-delivery='{id}'] button").Click());

        page.WaitForAssertion(() => Assert.Contains("Requeued 1 delivery.", page.Find(".rz-alert").TextContent));
        Assert.Equal("1", page.Find("[data-state=pending] .state-count").TextContent);
        Assert.Equal("0", page.Find("[data-state=cancelled] .state-count").TextContent);
        Assert.Contains("No cancelled deliveries.", page.Find(".empty-state").TextContent);
    }

    [Fact]
    public async Task CancelSelected_AllPendingSelected_CancelsEach()
    {
        await CreateActiveWebhookAsync();
        await PublishAsync();
        await PublishAsync();
        var page = Render<Jobs>();
        page.WaitForAssertion(() => Assert.Equal("2", page.Find("[data-state=pending] .state-count").TextContent));
        await page.InvokeAsync(() => page.Find("[data-state=pending]").Click());
        Assert.True(page.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel selected").HasAttribute("disabled"));

        await page.InvokeAsync(() => page.Find("input[aria-label='Select all']").Change(true));
        Assert.Contains("2 selected", page.Find(".selection-count").TextContent);
        await page.InvokeAsync(() => page.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel selected").Click());

        page.WaitForAssertion(() => Assert.Contains("Cancelled 2 deliveries.", page.Find(".rz-alert").TextContent));
        Assert.Equal("2", page.Find("[data-state=cancelled] .state-count").TextContent);
        Assert.Contains("0 selected", page.Find(".selection-count").TextContent);
    }

    [Fact]
    public async Task DeliverNow_PendingDelivery_SaysItIsDueNow()
    {
        await CreateActiveWebhookAsync();
        await PublishAsync();
        var page = Render<Jobs>();
        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-state=pending] .state-count").TextContent));
        await page.InvokeAsync(() => page.Find("[data-state=pending]").Click());

        await page.InvokeAsync(() => page.FindAll("tr[data-delivery] button").Single(b => b.TextContent.Trim() == "Deliver now").Click());

        page.WaitForAssertion(() => Assert.Contains("Made due now 1 delivery.", page.Find(".rz-alert").TextContent));
    }

    [Fact]
    public async Task EventPublished_PageOpen_CountsUpdateWithoutReload()
    {
        await CreateActiveWebhookAsync();
        var page = Render<Jobs>();
        page.WaitForAssertion(() => Assert.Equal("0", page.Find("[data-state=pending] .state-count").TextContent));

        await PublishAsync();

        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-state=pending] .state-count").TextContent));
    }

    [Fact]
    public void TriggerNow_RetentionPurge_SaysTheJobStarted()
    {
        var page = Render<Jobs>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("button[aria-label='Trigger RetentionPurge now']")));

        page.Find("button[aria-label='Trigger RetentionPurge now']").Click();

        page.WaitForAssertion(() => Assert.Contains("RetentionPurge started", page.Find(".rz-alert").TextContent));
    }

    [Fact]
    public async Task Render_QueuedDeliveries_ListsTheBusiestEndpointWithItsBacklogCircuitAndLimits()
    {
        var stuck = (await Webhooks.CreateAsync(Organization.Id, new()
        {
            Name = "Stuck receiver", TargetUrl = "https://stuck.example.com/hook", Format = WebhookFormat.Jwt, Channels = ["login"],
            MaxInFlight = 2, RateLimitPerSecond = 5, Ordering = DeliveryOrdering.Fifo,
        })).Value!.Webhook.Id;
        for (var i = 0; i < 3; i++)
        {
            await PublishAsync();
        }

        var first = (await Log.ListAsync(Organization.Id)).Last().Id;
        await ChangeDatabaseAsync(db =>
        {
            db.Deliveries.Single(d => d.Id == first).Status = DeliveryStatus.InFlight;
            db.EndpointStates.Add(new() { WebhookId = stuck, Circuit = CircuitState.Open });
        });

        var page = Render<Jobs>();

        page.WaitForAssertion(() => page.Find($"table[aria-label='Busiest endpoints'] tr[data-endpoint='{stuck}']"));
        Assert.Equal(["Stuck receiver", "2", "0", "1", "open", "2", "5/s", "fifo"],
            page.FindAll($"tr[data-endpoint='{stuck}'] td").Select(c => c.TextContent.Trim()));
        Assert.Equal($"webhooks/{stuck}", page.Find($"tr[data-endpoint='{stuck}'] a").GetAttribute("href"));
    }

    [Fact]
    public void Render_NothingQueued_SaysNoEndpointIsBusy()
    {
        var page = Render<Jobs>();

        page.WaitForAssertion(() => Assert.Contains("No endpoint has deliveries queued or in flight.", page.Markup));
        Assert.Empty(page.FindAll("table[aria-label='Busiest endpoints']"));
    }

    private DeliveryLog Log => Services.GetRequiredService<DeliveryLog>();

    private async Task CreateActiveWebhookAsync()
    {
        var created = await Webhooks.CreateAsync(Organization.Id, new() { Name = "Test webhook", TargetUrl = receiver.Url, Channels = ["login"] });
        await Webhooks.SetActiveAsync(Organization.Id, created.Value!.Webhook.Id, true);
        await Verification.RunPendingAsync(CancellationToken.None);
    }

    private Task PublishAsync() =>
        Services.GetRequiredService<IEventPublisher>().PublishAsync(new(Organization.Id, "AuthenticationSucceeded_v1", "{}"));
}
