using Bunit;
using WebhookConsole.Components.Dialogs;
using WebhookConsole.Components.Pages;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Components.Defects;

/// <summary>Issue 10, defect 1: the organization id is on Settings, and every value shown once has a Copy button (the API key: SettingsTests).</summary>
public sealed class SecretsAndOrganizationTests : ConsoleTestContext
{
    [Fact]
    public void Settings_ShowsOrganizationIdAndHandleWithCopyButtonsAndACurlLine()
    {
        var page = Render<Settings>();

        page.WaitForAssertion(() => Assert.Equal("myorg", page.Find("#settings-organization-handle").TextContent));
        Assert.Equal(Organization.Id.ToString(), page.Find("#settings-organization-id").TextContent);
        Assert.Equal(Organization.Id.ToString(), page.Find("button[aria-label='Copy organization id']").GetAttribute("data-copy"));
        Assert.Equal("myorg", page.Find("button[aria-label='Copy organization handle']").GetAttribute("data-copy"));
        var curl = page.Find("button[aria-label='Copy curl command']").GetAttribute("data-copy")!;
        Assert.StartsWith("curl http://localhost/organizations/webhooks", curl);
        Assert.Contains($"-H \"SlashID-OrgID: {Organization.Id}\"", curl);
    }

    [Fact]
    public async Task AddWebhook_TheGeneratedSecretHasACopyButton()
    {
        var dialog = Render<AddWebhookDialog>(p => p.Add(d => d.OrganizationId, Organization.Id));
        dialog.Find("#webhook-name").Change("Audit");
        dialog.Find("#webhook-endpoint").Change("http://127.0.0.1:9/hook");
        dialog.Find("#format-standard").Change(true);
        dialog.Find("#channel-login").Change(true);

        await dialog.Find("form").SubmitAsync();

        dialog.WaitForAssertion(() => dialog.Find("#created-secret"));
        var secret = dialog.Find("#created-secret").TextContent;
        Assert.StartsWith("whsec_", secret);
        Assert.Equal(secret, dialog.Find("button[aria-label='Copy secret']").GetAttribute("data-copy"));
        Assert.Equal(WebhookFormat.Standard, (await Webhooks.ListAsync(Organization.Id)).Single().Format);
    }
}
