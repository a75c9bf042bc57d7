using Bunit;
using Radzen.Blazor;
using WebhookConsole.Components.Pages;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Security;
using WebhookConsole.Hosting;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Components;

/// <summary>Organizations → Platform API keys: a platform operator creates one (shown once) and revokes it.</summary>
public sealed class PlatformApiKeysSectionTests() : ConsoleTestContext(role: OperatorRoles.Platform)
{
    private ApiKeyService ApiKeys => Services.GetRequiredService<ApiKeyService>();

    [Fact]
    public async Task Create_Named_ShowsThePlatformKeyOnceAndKeepsItOutOfTheOrganizationsKeys()
    {
        var dialogs = Render<RadzenDialog>();
        var page = Render<Organizations>();
        page.WaitForAssertion(() => page.Find("[data-platform-keys='none']"));

        page.FindAll("button").Single(b => b.TextContent.Contains("Create platform API key")).Click();
        dialogs.WaitForAssertion(() => dialogs.Find("#api-key-name"));
        Assert.Empty(dialogs.FindAll("#api-key-read-only"));
        dialogs.Find("#api-key-name").Change("Provisioning");
        dialogs.Find("form").Submit();
        dialogs.WaitForAssertion(() => dialogs.Find("#created-api-key"));
        var key = dialogs.Find("#created-api-key").TextContent;
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Done").Click();

        page.WaitForAssertion(() => Assert.Contains("Provisioning", page.Find("table[aria-label='Platform API keys'] tr[data-api-key]").TextContent));
        var stored = Assert.Single(await ApiKeys.ListPlatformKeysAsync());
        Assert.Equal(ApiKeyHasher.Hash(key), stored.Hash);
        Assert.Equal(ApiKeyRoles.Platform, stored.Role);
        Assert.Empty(await ApiKeys.ListAsync(Organization.Id));
        Assert.DoesNotContain(key, page.Markup);
    }

    [Fact]
    public async Task Revoke_Confirmed_RevokesThePlatformKey()
    {
        var created = await ApiKeys.CreatePlatformKeyAsync(Organization.Id, "Provisioning");
        var dialogs = Render<RadzenDialog>();
        var page = Render<Organizations>();
        page.WaitForAssertion(() => page.Find("button[aria-label='Revoke Provisioning']"));

        page.Find("button[aria-label='Revoke Provisioning']").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Programs that manage organizations with it get 401", dialogs.Markup));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Revoke").Click();

        page.WaitForAssertion(() => Assert.Contains("revoked", page.Find("table[aria-label='Platform API keys'] tr[data-api-key]").TextContent));
        Assert.NotNull(Assert.Single(await ApiKeys.ListPlatformKeysAsync(), k => k.Id == created.Value!.Key.Id).RevokedAt);
    }
}
