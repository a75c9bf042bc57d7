using Bunit;
using Radzen.Blazor;
using WebhookConsole.Components.Pages;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Components.Defects;

/// <summary>Issue 10, defect 7: the webhook page shows everything that was saved, and says why a switch flipped back.</summary>
public sealed class WebhookPageTests : ConsoleTestContext, IAsyncLifetime
{
    private TestReceiver receiver = null!;

    public async Task InitializeAsync() => receiver = await TestReceiver.StartAsync();

    public new async Task DisposeAsync() => await receiver.DisposeAsync();

    [Fact]
    public async Task Render_JwtWebhookWithOneEventOfAChannel_ShowsDescriptionTimeoutHeadersExactEventsAndNoBlankSecret()
    {
        var created = await Webhooks.CreateAsync(Organization.Id, new()
        {
            Name = "Token enricher",
            Description = "Adds roles to minted tokens",
            TargetUrl = receiver.Url,
            Format = WebhookFormat.Jwt,
            Timeout = "5s",
            CustomHeaders = new() { ["X-Tenant"] = ["acme-header-value"] },
            Channels = ["session"],
            Triggers = [new(TriggerType.Event, "AuthenticationFailed_v1"), new(TriggerType.SyncHook, "token_minted")],
        });

        var page = Render<WebhookDetails>(p => p.Add(x => x.Id, created.Value!.Webhook.Id));

        page.WaitForAssertion(() => page.Find(".webhook-properties"));
        var properties = page.Find(".webhook-properties").TextContent;
        Assert.Contains("Adds roles to minted tokens", properties);
        Assert.Contains("5s", properties);
        Assert.Contains("X-Tenant: ****", properties);
        Assert.DoesNotContain("acme-header-value", page.Markup);
        Assert.Contains("Logins: AuthenticationFailed_v1", page.Find("[data-subscriptions]").TextContent);
        Assert.Contains("Sessions (all", page.Find("[data-subscriptions]").TextContent);
        Assert.Contains("token_minted", properties);
        Assert.StartsWith("None: jwt deliveries are signed", page.Find(".secret-row").TextContent.Trim());
    }

    [Fact]
    public async Task SwitchOn_VerificationFails_SaysWhyTheWebhookStaysOff()
    {
        receiver.AnswerVerification = _ => (200, "not the challenge");
        var created = (await Webhooks.CreateAsync(Organization.Id, new() { Name = "Logins", TargetUrl = receiver.Url, Channels = ["login"] })).Value!.Webhook.Id;
        var page = Render<WebhookDetails>(p => p.Add(x => x.Id, created));
        page.WaitForAssertion(() => page.FindComponent<RadzenSwitch>());

        await page.InvokeAsync(() => page.FindComponent<RadzenSwitch>().Instance.Change.InvokeAsync(true));
        await Verification.RunPendingAsync(CancellationToken.None);

        page.WaitForAssertion(() => Assert.Contains("did not confirm every channel, so the webhook stays off", page.Find(".rz-alert").TextContent));
        Assert.Contains("login: ", page.Find(".rz-alert").TextContent);
    }
}
