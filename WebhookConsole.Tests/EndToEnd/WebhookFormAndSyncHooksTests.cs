using System.Net;
using Microsoft.Playwright;
using WebhookConsole.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace WebhookConsole.Tests.EndToEnd;

/// <summary>
/// In Chromium against the real app and a loopback receiver: create a jwt webhook with a custom header and a sync hook
/// subscription through the form, run the hook through the API, and see the call on the Sync hooks page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WebhookFormAndSyncHooksTests(BrowserFixture browser) : RunningConsoleAppWithReceiver
{
    [Fact]
    public async Task Operator_CreatesJwtWebhookWithHeaderAndSyncHook_SeesTheHookCallOnTheSyncHooksPage()
    {
        var (context, page) = await browser.LogInAsync(BaseAddress);
        await using var _ = context;

        await page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Token enricher");
        await page.GetByLabel("Description").FillAsync("Adds roles to minted tokens");
        await page.GetByLabel("Endpoint").FillAsync(Receiver.Url);
        await page.GetByRole(AriaRole.Radio, new() { Name = "jwt", Exact = true }).CheckAsync();
        await page.GetByLabel("Timeout").FillAsync("3s");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add header" }).ClickAsync();
        await page.GetByLabel("Header 1 name").FillAsync("X-Tenant");
        await page.GetByLabel("Header 1 value").FillAsync("acme-header-value");
        await page.GetByLabel("token_minted", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Logins").CheckAsync();
        await page.ShotAsync("webhook-form-add");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(page.GetByText("this webhook has no secret")).ToBeVisibleAsync();
        await page.ShotAsync("webhook-form-created-jwt");
        await page.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Token enricher" })).ToBeVisibleAsync();

        // The edit form shows the header's name, never its value.
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await Expect(page.GetByLabel("Saved custom headers")).ToContainTextAsync("X-Tenant: ****");
        await Expect(page.GetByLabel("token_minted", new() { Exact = true })).ToBeCheckedAsync();
        Assert.DoesNotContain("acme-header-value", await page.ContentAsync());
        await page.ShotAsync("webhook-form-edit");
        await page.Keyboard.PressAsync("Escape");

        Receiver.PostResponseBody = """{"roles":["admin"]}""";
        using var api = App.CreateApiClient(BaseAddress);
        var answer = await api.SendJsonAsync(HttpMethod.Post, "hooks/token_minted", """{"person_id":"p1"}""");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("acme-header-value", (await Receiver.NextPostAsync()).Headers["X-Tenant"]);

        await page.GetByRole(AriaRole.Link, new() { Name = "Sync hooks" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sync hooks" })).ToBeVisibleAsync();
        var row = page.Locator("tbody tr").First;
        await Expect(row).ToContainTextAsync("succeeded");
        await Expect(row).ToContainTextAsync("""{"roles":["admin"]}""");
        await page.ShotAsync("sync-hooks");
        await row.GetByRole(AriaRole.Link, new() { Name = "token_minted" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Token enricher" })).ToBeVisibleAsync();
        await Expect(page.Locator("tr[data-attempt='1']")).ToContainTextAsync("200");
        await page.ShotAsync("sync-hook-call");

        await page.GetByRole(AriaRole.Link, new() { Name = "Webhooks" }).First.ClickAsync();
        // Issue 10, defect 6: a sync-hook call is not a delivery of the webhook: no last delivery, no success rate.
        await Expect(page.Locator(".success-rate").First).ToHaveTextAsync("—");
        await Expect(page.Locator(".webhooks-grid")).Not.ToContainTextAsync("succeeded 200");
        await page.ShotAsync("webhooks-list");
    }
}
