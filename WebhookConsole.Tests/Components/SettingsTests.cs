using Bunit;
using Radzen.Blazor;
using WebhookConsole.Components.Pages;
using WebhookConsole.Engine.Security;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Components;

public sealed class SettingsTests : ConsoleTestContext
{
    [Fact]
    public void Render_NoKeys_ShowsTheEmptyStateAndCreateButton()
    {
        var page = Render<Settings>();

        page.WaitForAssertion(() => Assert.Contains("No API keys.", page.Find(".empty-state").TextContent));
        Assert.False(page.FindAll("button").Single(b => b.TextContent.Contains("Create API key")).HasAttribute("disabled"));
    }

    [Fact]
    public async Task Render_Keys_ShowsNameHintAndStatusButNeverTheKey()
    {
        var created = await ApiKeys.CreateAsync(Organization.Id, "Identity server");
        var revoked = await ApiKeys.CreateAsync(Organization.Id, "Old CI");
        await ApiKeys.RevokeAsync(Organization.Id, revoked.Value!.Key.Id);

        var page = Render<Settings>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tr[data-api-key]").Count));
        var row = page.Find($"tr[data-api-key='{created.Value!.Key.Id}']");
        Assert.Contains("Identity server", row.TextContent);
        Assert.Contains("****" + created.Value.Secret[^4..], row.TextContent);
        Assert.Contains("active", row.TextContent);
        Assert.Contains("revoked", page.Find($"tr[data-api-key='{revoked.Value.Key.Id}']").TextContent);
        Assert.Empty(page.FindAll($"tr[data-api-key='{revoked.Value.Key.Id}'] button"));
        Assert.DoesNotContain(created.Value.Secret, page.Markup);
    }

    [Fact]
    public void Create_WithoutName_ShowsTheRuleAndStoresNothing()
    {
        var dialogs = Render<RadzenDialog>();
        var page = Render<Settings>();
        page.WaitForAssertion(() => page.Find(".empty-state"));

        page.FindAll("button").Single(b => b.TextContent.Contains("Create API key")).Click();
        dialogs.WaitForAssertion(() => dialogs.Find("#api-key-name"));
        dialogs.Find("form").Submit();

        dialogs.WaitForAssertion(() => Assert.Equal("The name is required.", dialogs.Find("#api-key-name-error").TextContent));
    }

    [Fact]
    public async Task Create_Named_ShowsTheKeyOnceThenListsOnlyItsHint()
    {
        var dialogs = Render<RadzenDialog>();
        var page = Render<Settings>();
        page.WaitForAssertion(() => page.Find(".empty-state"));

        page.FindAll("button").Single(b => b.TextContent.Contains("Create API key")).Click();
        dialogs.WaitForAssertion(() => dialogs.Find("#api-key-name"));
        dialogs.Find("#api-key-name").Change("CI pipeline");
        dialogs.Find("form").Submit();
        dialogs.WaitForAssertion(() => dialogs.Find("#created-api-key"));
        var key = dialogs.Find("#created-api-key").TextContent;
        Assert.Equal(ApiKeyHasher.Hash(key), (await ApiKeys.ListAsync(Organization.Id)).Single().Hash);
        // Issue 10, defect 1: the key is shown whole, with a Copy button.
        Assert.Equal(key, dialogs.Find("button[aria-label='Copy API key']").GetAttribute("data-copy"));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Done").Click();

        page.WaitForAssertion(() => Assert.Contains("CI pipeline", page.Find("tr[data-api-key]").TextContent));
        Assert.Contains("****" + key[^4..], page.Find("tr[data-api-key]").TextContent);
        Assert.DoesNotContain(key, page.Markup);
        Assert.DoesNotContain(key, dialogs.Markup);
    }

    [Fact]
    public async Task Create_ReadOnly_MakesAViewerKey()
    {
        var dialogs = Render<RadzenDialog>();
        var page = Render<Settings>();
        page.WaitForAssertion(() => page.Find(".empty-state"));

        page.FindAll("button").Single(b => b.TextContent.Contains("Create API key")).Click();
        dialogs.WaitForAssertion(() => dialogs.Find("#api-key-name"));
        dialogs.Find("#api-key-name").Change("Dashboard");
        dialogs.Find("#api-key-read-only").Change(true);
        dialogs.Find("form").Submit();
        dialogs.WaitForAssertion(() => dialogs.Find("#created-api-key"));

        Assert.Equal(WebhookConsole.Engine.Domain.ApiKeyRoles.Viewer, (await ApiKeys.ListAsync(Organization.Id)).Single().Role);
    }

    [Fact]
    public async Task Revoke_Confirmed_MarksTheKeyRevoked()
    {
        var created = await ApiKeys.CreateAsync(Organization.Id, "Identity server");
        var dialogs = Render<RadzenDialog>();
        var page = Render<Settings>();
        page.WaitForAssertion(() => page.Find("button[aria-label='Revoke Identity server']"));

        page.Find("button[aria-label='Revoke Identity server']").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Programs that use it get 401", dialogs.Markup));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Revoke").Click();

        page.WaitForAssertion(() => Assert.Contains("revoked", page.Find("tr[data-api-key]").TextContent));
        Assert.Contains("API key Identity server revoked.", page.Find(".rz-alert").TextContent);
        Assert.NotNull((await ApiKeys.ListAsync(Organization.Id)).Single(k => k.Id == created.Value!.Key.Id).RevokedAt);
    }

    private ApiKeyService ApiKeys => Services.GetRequiredService<ApiKeyService>();
}
