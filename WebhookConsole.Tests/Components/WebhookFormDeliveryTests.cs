using Bunit;
using WebhookConsole.Components.Controls;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Webhooks;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Components;

/// <summary>The Delivery section of the Add / Edit webhook form: max in flight, rate limit and ordering.</summary>
public sealed class WebhookFormDeliveryTests : ConsoleTestContext
{
    [Fact]
    public void Render_NewForm_ShowsEmptyCapAndLimitAndUnorderedDelivery()
    {
        var form = Render<WebhookForm>(p => p.Add(f => f.OrganizationId, Organization.Id));

        Assert.Equal("Delivery", form.Find(".delivery-settings legend").TextContent);
        Assert.Equal("webhook-max-in-flight", form.Find("label:contains('Max in flight')").GetAttribute("for"));
        Assert.Equal("No cap", form.Find("#webhook-max-in-flight").GetAttribute("placeholder"));
        Assert.Equal("", form.Find("#webhook-max-in-flight").GetAttribute("value"));
        Assert.Equal("No limit", form.Find("#webhook-rate-limit").GetAttribute("placeholder"));
        Assert.Equal("true", form.Find("[role=radio][aria-label='None (concurrent)']").GetAttribute("aria-checked"));
        Assert.Contains("side by side", form.Find("#webhook-ordering-help").TextContent);
    }

    [Fact]
    public async Task Submit_CapLimitAndFifo_CreatesTheWebhookWithThem()
    {
        var form = Render<WebhookForm>(p => p.Add(f => f.OrganizationId, Organization.Id));
        FillRequired(form);
        form.Find("#webhook-max-in-flight").Change("4");
        form.Find("#webhook-rate-limit").Change("25");
        form.Find("[role=radio][aria-label='FIFO (in order)']").Click();
        Assert.StartsWith("FIFO: one delivery at a time, in the order events were accepted", form.Find("#webhook-ordering-help").TextContent);

        await form.Find("form").SubmitAsync();

        var saved = Assert.Single(await Webhooks.ListAsync(Organization.Id));
        Assert.Equal((4, 25, DeliveryOrdering.Fifo), (saved.MaxInFlight, saved.RateLimitPerSecond, saved.Ordering));
    }

    [Fact]
    public async Task Submit_MaxInFlightZeroAndRateLimitTooHigh_ShowsEachRuleUnderItsFieldAndStoresNothing()
    {
        var form = Render<WebhookForm>(p => p.Add(f => f.OrganizationId, Organization.Id));
        FillRequired(form);
        form.Find("#webhook-max-in-flight").Change("0");
        form.Find("#webhook-rate-limit").Change("10001");

        await form.Find("form").SubmitAsync();

        Assert.Equal(DeliverySettings.MaxInFlightRule, form.Find("#webhook-max-in-flight-error").TextContent);
        Assert.Equal(DeliverySettings.RateLimitRule, form.Find("#webhook-rate-limit-error").TextContent);
        Assert.Empty(form.FindAll(".form-error"));
        Assert.Equal(0, await CountWebhooksAsync());
    }

    [Fact]
    public async Task Save_EditFormClearedToNoCapAndNone_StoresNullsAndNone()
    {
        var created = await Webhooks.CreateAsync(Organization.Id, new WebhookInput
        {
            Name = "Edit me", TargetUrl = "https://receiver.example.test/hook", Channels = ["login"],
            MaxInFlight = 4, RateLimitPerSecond = 25, Ordering = DeliveryOrdering.Fifo,
        });
        var webhook = (await Webhooks.GetAsync(Organization.Id, created.Value!.Webhook.Id))!;
        var form = Render<WebhookForm>(p => p
            .Add(f => f.OrganizationId, Organization.Id)
            .Add(f => f.Model, new WebhookFormModel(webhook, [])));
        Assert.Equal("4", form.Find("#webhook-max-in-flight").GetAttribute("value"));
        Assert.Equal("25", form.Find("#webhook-rate-limit").GetAttribute("value"));
        Assert.Equal("true", form.Find("[role=radio][aria-label='FIFO (in order)']").GetAttribute("aria-checked"));

        form.Find("#webhook-max-in-flight").Change("");
        form.Find("[role=radio][aria-label='None (concurrent)']").Click();
        await form.Find("form").SubmitAsync();

        var saved = (await Webhooks.GetAsync(Organization.Id, webhook.Id))!;
        Assert.Equal((null, 25, DeliveryOrdering.None), (saved.MaxInFlight, saved.RateLimitPerSecond, saved.Ordering));
    }

    private static void FillRequired(IRenderedComponent<WebhookForm> form)
    {
        form.Find("#webhook-name").Change("Orders");
        form.Find("#webhook-endpoint").Change("https://receiver.example.test/hook");
        form.Find("#event-AuthenticationFailed_v1").Change(true);
    }
}
