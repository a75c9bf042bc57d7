using Microsoft.Playwright;
using WebhookConsole.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace WebhookConsole.Tests.EndToEnd;

/// <summary>The Event types page in Chromium against the real app: the catalog, then one type's schema and example.</summary>
[Collection(BrowserCollection.Name)]
public sealed class EventTypesPageTests(BrowserFixture browser) : RunningConsoleApp
{
    [Fact]
    public async Task Operator_OpensEventTypesAndATypesSchema_SeesTheCatalogSchemaAndExample()
    {
        var (context, page) = await browser.LogInAsync(BaseAddress);
        await using var _ = context;

        await page.GetByRole(AriaRole.Link, new() { Name = "Event types" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Event types", Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator("tr[data-event-type]")).ToHaveCountAsync(33);
        await page.ShotsAsync("event-types-00-catalog");
        await page.GetByRole(AriaRole.Link, new() { Name = "AuthenticationFailed_v1" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "AuthenticationFailed_v1" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("schema")).ToContainTextAsync("\"failure_reason\"");
        await Expect(page.GetByTestId("example")).ToContainTextAsync(App.OrganizationId.ToString());
        Assert.EndsWith("/event-types/AuthenticationFailed_v1", page.Url);
        await page.ShotsAsync("event-types-01-authentication-failed");
    }
}
