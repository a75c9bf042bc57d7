using Bunit;
using WebhookConsole.Components.Controls;
using WebhookConsole.Components.Pages;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Webhooks;
using WebhookConsole.Hosting;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Components;

/// <summary>A viewer sees the new pages but cannot edit a webhook: the button is disabled and the form refuses.</summary>
public sealed class WebhookEditViewerTests() : ConsoleTestContext(role: OperatorRoles.Viewer)
{
    [Fact]
    public async Task Render_WebhookDetailsAsViewer_DisablesEdit()
    {
        var id = await CreateAsync();

        var page = Render<WebhookDetails>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.True(page.FindAll("button").Single(b => b.TextContent.Contains("Edit", StringComparison.Ordinal)).HasAttribute("disabled")));
    }

    [Fact]
    public async Task Submit_EditFormAsViewer_IsRefusedAndChangesNothing()
    {
        var id = await CreateAsync();
        var webhook = (await Webhooks.GetAsync(Organization.Id, id))!;
        var form = Render<WebhookForm>(p => p
            .Add(f => f.OrganizationId, Organization.Id)
            .Add(f => f.Model, new WebhookFormModel(webhook, [])));
        form.Find("#webhook-name").Change("Renamed by a viewer");

        await form.Find("form").SubmitAsync();

        Assert.Equal(OperatorRoles.ViewerRefused, form.Find(".form-error").TextContent);
        Assert.Equal("Watched", (await Webhooks.GetAsync(Organization.Id, id))!.Name);
    }

    [Fact]
    public void Render_WebhooksAndSyncHooksAsViewer_ShowTheirContent()
    {
        var list = Render<Webhooks>();
        var hooks = Render<SyncHooks>();

        list.WaitForAssertion(() => Assert.Contains("No webhooks yet", list.Find(".empty-state").TextContent));
        hooks.WaitForAssertion(() => Assert.Contains("No sync hook calls yet", hooks.Find(".empty-state").TextContent));
        Assert.False(list.Find("#webhook-search").HasAttribute("disabled"));
    }

    private async Task<Guid> CreateAsync()
    {
        var created = await Webhooks.CreateAsync(Organization.Id, new WebhookInput { Name = "Watched", TargetUrl = "https://example.com/hook", Format = WebhookFormat.Jwt, Channels = ["login"] });
        return created.Value!.Webhook.Id;
    }
}
