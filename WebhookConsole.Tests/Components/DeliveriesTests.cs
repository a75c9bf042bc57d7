using Bunit;
using Microsoft.AspNetCore.Components;
using WebhookConsole.Components.Pages;
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
        Assert.All(page.FindAll("select, input"), control => Assert.NotNull(page.Find($"label[for={control.Id}]")));
    }

    [Fact]
    public async Task Render_Deliveries_ListsThemNewestFirst()
    {
        await CreateActiveWebhookAsync("Orders");
        await PublishAsync("AuthenticationSucceeded_v1");
        await PublishAsync("AuthenticationFailed_v1");

        var page = Render<Deliveries>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tbody tr").Count));
        Assert.Equal(["AuthenticationFailed_v1", "AuthenticationSucceeded_v1"], page.FindAll("tbody tr td:first-child a").Select(a => a.TextContent));
    }

    [Fact]
    public async Task StatusFilter_Cancelled_ShowsOnlyCancelledAndPutsTheFilterInTheUrl()
    {
        await CreateActiveWebhookAsync("Orders");
        await PublishAsync("AuthenticationSucceeded_v1");
        var cancelled = await PublishAsync("AuthenticationFailed_v1");
        await Services.GetRequiredService<DeliveryControl>().CancelAsync(Organization.Id, cancelled);
        var page = Render<Deliveries>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tbody tr").Count));

        page.Find("#filter-status").Change("cancelled");

        page.WaitForAssertion(() => Assert.Equal([cancelled.ToString()], page.FindAll("tbody tr").Select(r => r.GetAttribute("data-delivery"))));
        Assert.EndsWith("?status=cancelled", Services.GetRequiredService<NavigationManager>().Uri);
        Assert.NotNull(page.FindAll("button").SingleOrDefault(b => b.TextContent.Contains("Clear filters")));
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
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tbody tr").Count));

        page.Find("#filter-webhook").Change(billing.ToString());

        page.WaitForAssertion(() => Assert.Equal(["Billing"], page.FindAll("tbody tr td:nth-child(2)").Select(c => c.TextContent)));
    }

    [Fact]
    public async Task Render_TestQueryInUrl_ShowsOnlyTestEventsAndChecksTheBox()
    {
        await CreateActiveWebhookAsync("Orders");
        await PublishAsync("AuthenticationSucceeded_v1");
        var test = await PublishAsync("AuthenticationSucceeded_v1", isTestEvent: true);

        NavigateTo("deliveries?test=true");

        var page = Render<Deliveries>();

        page.WaitForAssertion(() => Assert.Equal([test.ToString()], page.FindAll("tbody tr").Select(r => r.GetAttribute("data-delivery"))));
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
        Assert.Equal("2000-01-01T00:00", page.Find("#filter-since").GetAttribute("value"));
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
