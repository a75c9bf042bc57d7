using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using WebhookConsole.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace WebhookConsole.Tests.EndToEnd;

/// <summary>Without Bootstrap settings, the first visit sets up the organization and its admin, and shows an API key once.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FirstRunSetupTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly ConsoleApp app = new(new Dictionary<string, string?>
    {
        ["Bootstrap:AdminEmail"] = "",
        ["Bootstrap:AdminPassword"] = "",
        ["Bootstrap:OrganizationId"] = "",
        ["Bootstrap:OrganizationHandle"] = "",
        ["Bootstrap:ApiKey"] = "",
    });

    private Uri baseAddress = null!;

    public Task InitializeAsync()
    {
        baseAddress = app.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task FirstVisit_SetsUpAdminAndOrganization_ThenLogsInAndTheKeyWorks()
    {
        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = baseAddress.ToString() });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Set up WebhookConsole" })).ToBeVisibleAsync();
        await page.GetByLabel("Organization handle").FillAsync("acme");
        await page.GetByLabel("Email").FillAsync("owner@acme.test");
        await page.GetByLabel("Password").FillAsync("short");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert).First).ToContainTextAsync("at least 12 characters");

        await page.GetByLabel("Organization handle").FillAsync("acme");
        await page.GetByLabel("Email").FillAsync("owner@acme.test");
        await page.GetByLabel("Password").FillAsync("Much-Better-Passw0rd");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        var apiKey = await page.GetByLabel("API key").InputValueAsync();
        var organizationId = await page.GetByLabel("Organization id").InputValueAsync();
        Assert.StartsWith("whc_", apiKey);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "setup-api-key.png") });

        await page.GetByRole(AriaRole.Link, new() { Name = "Continue to log in" }).ClickAsync();
        await page.GetByLabel("Email").FillAsync("owner@acme.test");
        await page.GetByLabel("Password").FillAsync("Much-Better-Passw0rd");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Webhooks" })).ToBeVisibleAsync();
        // The setup admin has the admin role: the button becomes enabled once the circuit is up.
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" })).ToBeEnabledAsync();

        await page.GotoAsync("/setup");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Webhooks" })).ToBeVisibleAsync();

        using var api = new HttpClient { BaseAddress = baseAddress };
        api.DefaultRequestHeaders.Add("SlashID-OrgID", organizationId);
        api.DefaultRequestHeaders.Add("SlashID-API-Key", apiKey);
        var response = await api.PostAsJsonAsync("events", new { event_name = "PersonCreated_v1", payload = new { } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
