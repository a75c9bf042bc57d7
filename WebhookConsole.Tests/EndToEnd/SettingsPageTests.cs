using System.Net;
using Microsoft.Playwright;
using WebhookConsole.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace WebhookConsole.Tests.EndToEnd;

/// <summary>API keys and signing keys in Chromium against the real app; the REST API honours what the operator did.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SettingsPageTests(BrowserFixture browser) : RunningConsoleApp
{
    [Fact]
    public async Task Operator_CreatesAndRevokesAnApiKey_TheRevokedKeyGets401()
    {
        var (context, page) = await browser.LogInAsync(BaseAddress);
        await using var _ = context;
        await page.GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "API keys" })).ToBeVisibleAsync();
        await Expect(page.Locator("tr", new() { HasText = "Bootstrap" })).ToContainTextAsync("active");

        await page.GetByRole(AriaRole.Button, new() { Name = "Create API key" }).ClickAsync();
        await page.GetByLabel("Name").FillAsync("CI pipeline");
        await page.ShotAsync("settings-01-create-api-key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Copy API key" })).ToBeVisibleAsync();
        var key = await page.Locator("#created-api-key").InnerTextAsync();
        await page.ShotAsync("settings-02-api-key-once");
        await page.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        var row = page.Locator("tr", new() { HasText = "CI pipeline" });
        await Expect(row).ToContainTextAsync("****" + key[^4..]);
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        Assert.DoesNotContain(key, await page.ContentAsync());
        using var client = App.CreateApiClient(BaseAddress, key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("organizations/webhooks")).StatusCode);

        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke CI pipeline" }).ClickAsync();
        await page.ShotAsync("settings-03-revoke-confirm");
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke", Exact = true }).ClickAsync();
        await Expect(row).ToContainTextAsync("revoked");
        await page.ShotAsync("settings-04-revoked");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("organizations/webhooks")).StatusCode);
    }

    [Fact]
    public async Task Operator_RotatesTheSigningKey_TheNextKeySignsAndTheOldIsRetired()
    {
        var (context, page) = await browser.LogInAsync(BaseAddress);
        await using var _ = context;
        await page.GetByRole(AriaRole.Link, new() { Name = "Signing keys" }).ClickAsync();
        var next = page.Locator("tr[data-kid]", new() { HasText = "next" });
        await Expect(next).ToHaveCountAsync(1);
        var kid = await next.GetAttributeAsync("data-kid");
        await page.ShotAsync("signing-keys-01");

        await page.GetByRole(AriaRole.Button, new() { Name = "Rotate" }).ClickAsync();
        await page.ShotAsync("signing-keys-02-confirm");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Rotate" }).ClickAsync();

        await Expect(page.Locator($"tr[data-kid='{kid}']")).ToContainTextAsync("current");
        await Expect(page.Locator("tr[data-kid]", new() { HasText = "retired" })).ToHaveCountAsync(1);
        await page.ShotAsync("signing-keys-03-rotated");
    }
}
