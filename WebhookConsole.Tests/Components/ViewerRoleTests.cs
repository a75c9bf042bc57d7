using Bunit;
using WebhookConsole.Components.Controls;
using WebhookConsole.Components.Pages;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Webhooks;
using WebhookConsole.Hosting;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Components;

/// <summary>A <c>viewer</c> sees every page but can change nothing: buttons are disabled and the handlers refuse.</summary>
public sealed class ViewerRoleTests() : ConsoleTestContext(role: OperatorRoles.Viewer)
{
    [Fact]
    public void Render_WebhooksPageAsViewer_DisablesAddWebhook()
    {
        var page = Render<Webhooks>();

        page.WaitForAssertion(() => Assert.True(page.FindAll("button").Single(b => b.TextContent.Contains("Add webhook")).HasAttribute("disabled")));
    }

    [Fact]
    public async Task Render_WebhookDetailsAsViewer_ShowsTheWebhookWithEveryChangeDisabled()
    {
        var created = await Webhooks.CreateAsync(Organization.Id, new WebhookInput { Name = "Seen only", TargetUrl = "http://127.0.0.1:9/hook", Channels = ["login"] });

        var page = Render<WebhookDetails>(p => p.Add(x => x.Id, created.Value!.Webhook.Id));

        page.WaitForAssertion(() => Assert.Equal("Seen only", page.Find("h1").TextContent));
        Assert.True(page.Find("input[aria-label=Active]").HasAttribute("disabled") || page.Find(".rz-switch").ClassList.Contains("rz-state-disabled"));
        Assert.True(page.FindAll("button").Single(b => b.TextContent.Contains("Delete")).HasAttribute("disabled"));
    }

    [Fact]
    public async Task Render_ActiveWebhookAsViewer_DisablesSendTestEvent()
    {
        var created = await Webhooks.CreateAsync(Organization.Id, new WebhookInput
        {
            Name = "Active jwt", TargetUrl = "http://127.0.0.1:9/hook", Format = WebhookFormat.Jwt, Channels = ["login"],
        });

        var page = Render<WebhookDetails>(p => p.Add(x => x.Id, created.Value!.Webhook.Id));

        page.WaitForAssertion(() => Assert.Contains("active", page.Find(".page-header").TextContent));
        Assert.True(page.FindAll("button").Single(b => b.TextContent.Contains("Send test event")).HasAttribute("disabled"));
    }

    [Fact]
    public async Task Submit_WebhookFormAsViewer_IsRefusedAndStoresNothing()
    {
        var form = Render<WebhookForm>(p => p.Add(f => f.OrganizationId, Organization.Id));
        form.Find("#webhook-name").Change("Logins");
        form.Find("#webhook-endpoint").Change("http://127.0.0.1:9/hook");
        form.Find("#channel-login").Change(true);

        await form.Find("form").SubmitAsync();

        Assert.Equal(OperatorRoles.ViewerRefused, form.Find(".form-error").TextContent);
        Assert.Equal(0, await CountWebhooksAsync());
    }
}

/// <summary>An operator with no role at all is treated like a viewer.</summary>
public sealed class NoRoleTests() : ConsoleTestContext(role: null)
{
    [Fact]
    public void Render_WebhooksPageWithoutRole_DisablesAddWebhook()
    {
        var page = Render<Webhooks>();

        page.WaitForAssertion(() => Assert.True(page.FindAll("button").Single(b => b.TextContent.Contains("Add webhook")).HasAttribute("disabled")));
    }
}
