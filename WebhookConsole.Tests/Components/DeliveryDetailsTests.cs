using Bunit;
using WebhookConsole.Components.Pages;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Components;

public sealed class DeliveryDetailsTests : ConsoleTestContext, IAsyncLifetime
{
    private TestReceiver receiver = null!;

    public async Task InitializeAsync() => receiver = await TestReceiver.StartAsync();

    public new async Task DisposeAsync() => await receiver.DisposeAsync();

    [Fact]
    public void Render_UnknownDelivery_SaysNotFound()
    {
        var page = Render<DeliveryDetails>(p => p.Add(x => x.Id, Guid.NewGuid()));

        page.WaitForAssertion(() => Assert.Equal("Delivery not found", page.Find("h1").TextContent));
    }

    [Fact]
    public async Task Redeliver_CancelledDelivery_QueuesItAndSaysSo()
    {
        var webhookId = await CreateAsync();
        await Webhooks.SetActiveAsync(Organization.Id, webhookId, true);
        var id = await PublishAsync();
        await Services.GetRequiredService<DeliveryControl>().CancelAsync(Organization.Id, id);
        var page = Render<DeliveryDetails>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.Contains("cancelled", page.Find(".status-badge").TextContent));

        page.FindAll("button").Single(b => b.TextContent.Contains("Redeliver")).Click();

        page.WaitForAssertion(() => Assert.Contains("Queued for redelivery", page.Find(".rz-alert").TextContent));
        Assert.Contains("pending", page.Find(".status-badge").TextContent);
    }

    [Fact]
    public async Task Redeliver_InactiveWebhook_ShowsWhyNot()
    {
        var webhookId = await CreateAsync();
        await Webhooks.SetActiveAsync(Organization.Id, webhookId, true);
        var id = await PublishAsync();
        await Webhooks.SetActiveAsync(Organization.Id, webhookId, false);
        var page = Render<DeliveryDetails>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => page.FindAll("button").Single(b => b.TextContent.Contains("Redeliver")));

        page.FindAll("button").Single(b => b.TextContent.Contains("Redeliver")).Click();

        page.WaitForAssertion(() => Assert.Contains("switch it on before redelivering", page.Find(".rz-alert").TextContent));
    }

    [Fact]
    public async Task Render_DeliveredTwice_ShowsTimelineWithEachAttempt()
    {
        var id = await DeliverTwiceAsync();

        var page = Render<DeliveryDetails>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".attempt-timeline li").Count));
        Assert.All(page.FindAll(".attempt-timeline li"), item => Assert.Contains("succeeded · HTTP 200", item.TextContent));
        Assert.Contains("ms", page.Find(".attempt-timeline li .timeline-duration").TextContent);
    }

    [Fact]
    public async Task Render_TwoAttempts_ShowsOnlyTheNewestAndMarksItInTheTimeline()
    {
        var id = await DeliverTwiceAsync();

        var page = Render<DeliveryDetails>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.Equal("2", Assert.Single(page.FindAll(".attempt")).GetAttribute("data-attempt")));
        var current = Assert.Single(page.FindAll(".attempt-timeline a[aria-current]"));
        Assert.Contains("#2", current.TextContent);
        Assert.EndsWith($"deliveries/{id}?attempt=1", page.Find("[data-timeline-attempt='1'] a").GetAttribute("href"));
    }

    [Fact]
    public async Task Render_AttemptInTheAddress_ShowsThatAttempt()
    {
        var id = await DeliverTwiceAsync();

        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        navigation.NavigateTo($"deliveries/{id}?attempt=1");

        var page = Render<DeliveryDetails>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.Equal("1", Assert.Single(page.FindAll(".attempt")).GetAttribute("data-attempt")));
        Assert.Contains("#1", page.Find(".attempt-timeline a[aria-current]").TextContent);
    }

    [Fact]
    public async Task ResponseTab_Clicked_ShowsTheResponseInsteadOfTheRequest()
    {
        var webhookId = await CreateAsync();
        await Webhooks.SetActiveAsync(Organization.Id, webhookId, true);
        var id = await DeliverAsync();
        var page = Render<DeliveryDetails>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.Equal("true", page.Find("[role=tab]#attempt-1-request-tab").GetAttribute("aria-selected")));
        Assert.Contains("POST ", page.Find("[role=tabpanel]").TextContent);

        page.Find("[role=tab]#attempt-1-response-tab").Click();

        Assert.Equal("true", page.Find("[role=tab]#attempt-1-response-tab").GetAttribute("aria-selected"));
        Assert.Contains("HTTP 200 OK", page.Find("[role=tabpanel]").TextContent);
        Assert.DoesNotContain("POST ", page.Find("[role=tabpanel]").TextContent);
    }

    [Fact]
    public async Task RawToggle_Pressed_ShowsTheBodyAsSent()
    {
        var webhookId = await CreateAsync();
        await Webhooks.SetActiveAsync(Organization.Id, webhookId, true);
        var id = await DeliverAsync();
        var page = Render<DeliveryDetails>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.Contains("\n  ", page.Find("pre.body-readable").TextContent));
        var sent = (await Services.GetRequiredService<DeliveryLog>().GetAsync(Organization.Id, id))!.Attempts[0].RequestBody;

        page.Find("button.body-toggle").Click();

        Assert.Equal("true", page.Find("button.body-toggle").GetAttribute("aria-pressed"));
        Assert.Equal(sent, page.Find("pre.body-raw").TextContent);
        Assert.Empty(page.FindAll("pre.body-readable"));
    }

    [Fact]
    public async Task Render_NoAttemptYet_ShowsNoTimeline()
    {
        var webhookId = await CreateAsync();
        await Webhooks.SetActiveAsync(Organization.Id, webhookId, true);
        var id = await PublishAsync();

        var page = Render<DeliveryDetails>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.Contains("No attempt yet.", page.Find(".empty-state").TextContent));
        Assert.Empty(page.FindAll(".attempt-timeline"));
    }

    [Fact]
    public async Task CopyAsCurl_Clicked_WritesTheCommandToTheClipboard()
    {
        var webhookId = await CreateAsync();
        await Webhooks.SetActiveAsync(Organization.Id, webhookId, true);
        var id = await DeliverAsync();
        var clipboard = JSInterop.SetupVoid("navigator.clipboard.writeText", _ => true);
        clipboard.SetVoidResult();
        var page = Render<DeliveryDetails>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => page.Find("button[aria-label='Copy attempt 1 as curl']"));

        page.Find("button[aria-label='Copy attempt 1 as curl']").Click();

        page.WaitForAssertion(() => Assert.Equal("Copied.", page.Find(".copy-status").TextContent));
        var copied = Assert.Single(clipboard.Invocations).Arguments[0] as string;
        Assert.StartsWith($"curl -X POST '{receiver.Url}'", copied);
        Assert.Equal(copied, page.Find(".curl-command").TextContent);
    }

    [Fact]
    public async Task CopyAsCurl_NoClipboard_PointsToTheShownCommand()
    {
        var webhookId = await CreateAsync();
        await Webhooks.SetActiveAsync(Organization.Id, webhookId, true);
        var id = await DeliverAsync();
        JSInterop.SetupVoid("navigator.clipboard.writeText", _ => true).SetException(new Microsoft.JSInterop.JSException("denied"));
        var page = Render<DeliveryDetails>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => page.Find("button[aria-label='Copy attempt 1 as curl']"));

        page.Find("button[aria-label='Copy attempt 1 as curl']").Click();

        page.WaitForAssertion(() => Assert.Contains("Show curl command", page.Find(".copy-status").TextContent));
    }

    [Fact]
    public async Task Render_QueuedAtTheEndpointsCap_SaysWhyItWaits()
    {
        await Webhooks.CreateAsync(Organization.Id, new()
        {
            Name = "Capped", TargetUrl = "https://capped.example.com/hook", Format = WebhookFormat.Jwt, Channels = ["login"], MaxInFlight = 1,
        });
        var sending = await PublishAsync();
        var queued = await PublishAsync();
        await ChangeDatabaseAsync(db => db.Deliveries.Single(d => d.Id == sending).Status = DeliveryStatus.InFlight);

        var page = Render<DeliveryDetails>(p => p.Add(x => x.Id, queued));

        page.WaitForAssertion(() => Assert.Equal("Waiting: at the endpoint's cap of 1 request in flight", page.Find(".waiting-reason").TextContent));
    }

    [Fact]
    public async Task Render_Succeeded_ShowsNoWaitingReason()
    {
        var webhookId = await CreateAsync();
        await Webhooks.SetActiveAsync(Organization.Id, webhookId, true);
        var id = await DeliverAsync();

        var page = Render<DeliveryDetails>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.Contains("succeeded", page.Find(".status-badge").TextContent));
        Assert.Empty(page.FindAll(".waiting-reason"));
    }

    private async Task<Guid> DeliverTwiceAsync()
    {
        var webhookId = await CreateAsync();
        await Webhooks.SetActiveAsync(Organization.Id, webhookId, true);
        var id = await DeliverAsync();
        await Services.GetRequiredService<DeliveryControl>().RedeliverAsync(Organization.Id, id);
        await Services.GetRequiredService<DeliveryDispatcher>().DispatchBatchAsync(CancellationToken.None);
        return id;
    }

    private async Task<Guid> DeliverAsync()
    {
        var id = await PublishAsync();
        await Services.GetRequiredService<DeliveryDispatcher>().DispatchBatchAsync(CancellationToken.None);
        return id;
    }

    [Fact]
    public async Task Render_ErasedDelivery_SaysWhenAndThatTheBodiesWereRemoved()
    {
        var webhookId = await CreateAsync();
        await Webhooks.SetActiveAsync(Organization.Id, webhookId, true);
        var id = await PublishAsync();
        await Services.GetRequiredService<WebhookConsole.Engine.Privacy.SubjectErasure>()
            .EraseAsync(Organization.Id, WebhookConsole.Engine.Privacy.ErasureSubject.Create(null, "$.event_metadata.event_name", "AuthenticationSucceeded_v1", [])!);

        var page = Render<DeliveryDetails>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.Matches(@"^Erased on \d{4}-\d{2}-\d{2} [\d:.]+ UTC — request and response bodies removed\.$", page.Find(".bodies-removed").TextContent.Trim()));
        Assert.Contains("cancelled", page.Find(".status-badge").TextContent);
        Assert.True(page.FindAll("button").Single(b => b.TextContent.Contains("Redeliver")).HasAttribute("disabled"));
    }

    [Fact]
    public async Task Render_BodiesPurgedByRetention_SaysAfterHowManyDays()
    {
        var webhookId = await CreateAsync();
        await Webhooks.SetActiveAsync(Organization.Id, webhookId, true);
        var id = await PublishAsync();
        await Services.GetRequiredService<WebhookConsole.Engine.Privacy.RetentionSettings>().UpdateAsync(Organization.Id, default, new(7));
        await ChangeDatabaseAsync(db => db.Deliveries.Single(d => d.Id == id).BodiesPurgedAt = DateTimeOffset.UtcNow);

        var page = Render<DeliveryDetails>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.Equal("Body removed after 7 days (retention).", page.Find(".bodies-removed").TextContent.Trim()));
    }

    private async Task<Guid> CreateAsync()
    {
        var result = await Webhooks.CreateAsync(Organization.Id, new() { Name = "Test webhook", TargetUrl = receiver.Url, Format = WebhookFormat.Standard, Channels = ["login"] });
        return result.Value!.Webhook.Id;
    }

    private async Task<Guid> PublishAsync()
    {
        await Services.GetRequiredService<IEventPublisher>().PublishAsync(new(Organization.Id, "AuthenticationSucceeded_v1", "{}"));
        return (await Services.GetRequiredService<DeliveryLog>().ListAsync(Organization.Id))[0].Id;
    }
}
