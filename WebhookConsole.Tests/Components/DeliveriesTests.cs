using Bunit;
using Microsoft.AspNetCore.Components;
using WebhookConsole.Components.Pages;
using WebhookConsole.Components.ViewModels;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Components;

/// <summary>The deliveries page: its empty and data states and the filters, which also travel in the URL.</summary>
public sealed class DeliveriesTests : ConsoleTestContext, IAsyncLifetime
{
    private TestReceiver receiver = null!;

    public async Task InitializeAsync() => receiver = await TestReceiver.StartAsync();

    public new async Task DisposeAsync() => await receiver.DisposeAsync();

    [Fact]
    public void Render_NoDeliveries_ShowsEmptyStateAndFilters()
    {
        var page = Render<Deliveries>();

        page.WaitForAssertion(() => Assert.Contains("No deliveries yet", page.Find(".empty-state").TextContent));
        Assert.Equal("Filter deliveries", page.Find("form[role=search]").GetAttribute("aria-label"));
        Assert.All(["filter-webhook", "filter-status", "filter-event", "filter-since", "filter-until", "filter-test"],
            id => Assert.Equal(page.Find($"#{id}").Id, page.Find($"label[for={id}]").GetAttribute("for")));
    }

    [Fact]
    public async Task Render_Deliveries_ListsThemNewestFirst()
    {
        await CreateActiveWebhookAsync("Orders");
        await PublishAsync("AuthenticationSucceeded_v1");
        await PublishAsync("AuthenticationFailed_v1");

        var page = Render<Deliveries>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".deliveries-table tbody tr").Count));
        Assert.Equal(["AuthenticationFailed_v1", "AuthenticationSucceeded_v1"], page.FindAll(".deliveries-table tbody tr td:first-child a").Select(a => a.TextContent));
    }

    [Fact]
    public async Task StatusFilter_Cancelled_ShowsOnlyCancelledAndPutsTheFilterInTheUrl()
    {
        await CreateActiveWebhookAsync("Orders");
        await PublishAsync("AuthenticationSucceeded_v1");
        var cancelled = await PublishAsync("AuthenticationFailed_v1");
        await Services.GetRequiredService<DeliveryControl>().CancelAsync(Organization.Id, cancelled);
        var page = Render<Deliveries>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".deliveries-table tbody tr").Count));

        page.Pick("filter-status", "cancelled");

        page.WaitForAssertion(() => Assert.Equal([cancelled.ToString()], page.FindAll(".deliveries-table tbody tr").Select(r => r.GetAttribute("data-delivery"))));
        Assert.EndsWith("?status=cancelled", Services.GetRequiredService<NavigationManager>().Uri);
        Assert.NotNull(page.FindAll("button").SingleOrDefault(b => b.TextContent.Contains("Clear filters")));
    }

    [Fact]
    public void Render_Filters_AreRadzenControlsWithUtcTimesIn24Hours()
    {
        NavigateTo("deliveries?since=2026-11-21T18:30Z");

        var page = Render<Deliveries>();

        page.WaitForAssertion(() => Assert.Equal("2026-11-21 18:30", page.Find("#filter-since").GetAttribute("value")));
        Assert.Empty(page.FindAll("select"));
        Assert.Empty(page.FindAll("input[type=datetime-local]"));
        Assert.Equal(3, page.FindAll(".delivery-filters .rz-dropdown[role=combobox]").Count);
        Assert.Equal(["Webhook", "Status", "Event type"], page.FindAll(".delivery-filters .rz-dropdown").Select(d => d.GetAttribute("aria-label")));
        Assert.Equal(2, page.FindAll(".delivery-filters .rz-datepicker").Count);
    }

    [Fact]
    public async Task Render_RetryingDelivery_ShowsItsLastAttemptAndNextRetry()
    {
        await CreateActiveWebhookAsync("Orders");
        receiver.PostStatuses.Enqueue(500);
        var id = await PublishAsync("AuthenticationSucceeded_v1");
        await ChangeDatabaseAsync(db => db.Deliveries.Single(d => d.Id == id).CreatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await Services.GetRequiredService<DeliveryDispatcher>().DispatchBatchAsync(CancellationToken.None);
        var delivery = (await Services.GetRequiredService<DeliveryLog>().GetAsync(Organization.Id, id))!;
        Assert.Equal(DeliveryStatus.Retrying, delivery.Status);

        var page = Render<Deliveries>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll(".deliveries-table tbody tr")));
        Assert.Equal(["Event", "Webhook", "Status", "Attempts", "Response", "Last attempt", "Next retry"], page.FindAll(".deliveries-table th").Select(h => h.TextContent));
        Assert.Equal(UtcText.Format(delivery.Attempts[0].StartedAt), page.Find("td.last-attempt").TextContent);
        Assert.Equal(UtcText.Format(delivery.NextAttemptAt), page.Find("td.next-retry").TextContent);
        Assert.Contains("wide-only", page.Find(".deliveries-table th:nth-child(4)").ClassList);
    }

    [Fact]
    public async Task WebhookFilter_OtherWebhook_ShowsOnlyItsDeliveries()
    {
        await CreateActiveWebhookAsync("Orders");
        await PublishAsync("AuthenticationSucceeded_v1");
        var billing = await CreateWebhookAsync("Billing", "registration");
        await Webhooks.SetActiveAsync(Organization.Id, billing, true);
        await PublishAsync("PersonCreated_v1");
        var page = Render<Deliveries>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".deliveries-table tbody tr").Count));

        page.Pick("filter-webhook", "Billing");

        page.WaitForAssertion(() => Assert.Equal(["Billing"], page.FindAll(".deliveries-table tbody tr td:nth-child(2)").Select(c => c.TextContent)));
    }

    [Fact]
    public async Task Render_TestQueryInUrl_ShowsOnlyTestEventsAndChecksTheBox()
    {
        await CreateActiveWebhookAsync("Orders");
        await PublishAsync("AuthenticationSucceeded_v1");
        var test = await PublishAsync("AuthenticationSucceeded_v1", isTestEvent: true);

        NavigateTo("deliveries?test=true");

        var page = Render<Deliveries>();

        page.WaitForAssertion(() => Assert.Equal([test.ToString()], page.FindAll(".deliveries-table tbody tr").Select(r => r.GetAttribute("data-delivery"))));
        Assert.True(page.Find("#filter-test").HasAttribute("checked"));
    }

    [Fact]
    public async Task Render_FilterWithoutMatches_SaysNoDeliveriesMatch()
    {
        await CreateActiveWebhookAsync("Orders");
        await PublishAsync("AuthenticationSucceeded_v1");

        NavigateTo("deliveries?event=PersonDeleted_v1&since=2000-01-01T00:00Z");

        var page = Render<Deliveries>();

        page.WaitForAssertion(() => Assert.Contains("No deliveries match these filters.", page.Find(".empty-state").TextContent));
        Assert.Equal("2000-01-01 00:00", page.Find("#filter-since").GetAttribute("value"));
    }

    private async Task CreateActiveWebhookAsync(string name)
    {
        var id = await CreateWebhookAsync(name, "login");
        await Webhooks.SetActiveAsync(Organization.Id, id, true);
    }

    private async Task<Guid> CreateWebhookAsync(string name, string channel)
    {
        var result = await Webhooks.CreateAsync(Organization.Id, new() { Name = name, TargetUrl = $"{receiver.Url.TrimEnd('/')}/{name.ToLowerInvariant()}", Format = WebhookFormat.Standard, Channels = [channel] });
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        return result.Value!.Webhook.Id;
    }

    private void NavigateTo(string relativeUri) => Services.GetRequiredService<NavigationManager>().NavigateTo(relativeUri);

    private async Task<Guid> PublishAsync(string eventName, bool isTestEvent = false)
    {
        var published = await Services.GetRequiredService<IEventPublisher>().PublishAsync(new(Organization.Id, eventName, "{}", IsTestEvent: isTestEvent));
        return (await Services.GetRequiredService<DeliveryLog>().ListAsync(Organization.Id)).First(d => d.EventId == published.EventId).Id;
    }
}
