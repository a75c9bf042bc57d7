using Bunit;
using Radzen.Blazor;
using WebhookConsole.Components.Pages;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Components;

/// <summary>The webhook page's Send test event: pick one of the webhook's event types, see the payload, send it as shown.</summary>
public sealed class SendTestEventTests : ConsoleTestContext
{
    [Fact]
    public async Task SendTestEvent_Clicked_ShowsTheFirstSubscribedTypeAndItsPayloadBeforeSending()
    {
        var (dialogs, _) = await OpenAsync();

        Assert.Equal("AuthenticationSucceeded_v1", dialogs.Find(".test-event-type .rz-dropdown-label").TextContent.Trim());
        Assert.Equal(["AuthenticationSucceeded_v1", "AuthenticationFailed_v1"], dialogs.FindAll(".rz-dropdown-item").Select(i => i.TextContent.Trim()));
        var payload = dialogs.Find("pre.body-readable").TextContent;
        Assert.Contains("\"event_name\": \"AuthenticationSucceeded_v1\"", payload);
        Assert.Contains("\"is_test_event\": true", payload);
        Assert.Empty(await Services.GetRequiredService<DeliveryLog>().ListAsync(Organization.Id));
    }

    [Fact]
    public async Task Send_OtherTypePicked_DeliversThePayloadShown()
    {
        var (dialogs, page) = await OpenAsync();

        dialogs.FindAll(".rz-dropdown-item").Single(i => i.TextContent.Trim() == "AuthenticationFailed_v1").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("\"event_name\": \"AuthenticationFailed_v1\"", dialogs.Find("pre.body-readable").TextContent));
        var shown = dialogs.Find("pre.body-readable").TextContent;
        dialogs.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Contains("Test AuthenticationFailed_v1 event sent", page.Find(".rz-alert").TextContent));
        var delivery = Assert.Single(await Services.GetRequiredService<DeliveryLog>().ListAsync(Organization.Id));
        Assert.Equal("AuthenticationFailed_v1", delivery.EventName);
        Assert.True(delivery.IsTestEvent);
        Assert.Contains($"\"event_id\": \"{delivery.EventId}\"", shown);
    }

    private async Task<(IRenderedComponent<RadzenDialog> Dialogs, IRenderedComponent<WebhookDetails> Page)> OpenAsync()
    {
        var created = await Webhooks.CreateAsync(Organization.Id, new()
        {
            Name = "Logins", TargetUrl = "https://receiver.example.com/hook", Format = WebhookFormat.Standard, Channels = ["login"],
        });
        var id = created.Value!.Webhook.Id;
        await Webhooks.SetActiveAsync(Organization.Id, id, true);
        var dialogs = Render<RadzenDialog>();
        var page = Render<WebhookDetails>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.False(SendButton(page).HasAttribute("disabled")));

        SendButton(page).Click();

        dialogs.WaitForAssertion(() => dialogs.Find("pre.body-readable"));
        return (dialogs, page);
    }

    private static AngleSharp.Dom.IElement SendButton(IRenderedComponent<WebhookDetails> page) =>
        page.FindAll("button").Single(b => b.TextContent.Contains("Send test event"));
}
