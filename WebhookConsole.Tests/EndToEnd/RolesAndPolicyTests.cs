using Microsoft.Playwright;
using WebhookConsole.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace WebhookConsole.Tests.EndToEnd;

/// <summary>
/// In Chromium: the Content-Security-Policy blocks nothing the console needs (Blazor's circuit, Radzen's scripts and
/// styles), and a viewer sees the console with every change disabled.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RolesAndPolicyTests(BrowserFixture browser) : RunningConsoleApp(new Dictionary<string, string?>
{
    ["Bootstrap:ViewerEmail"] = ViewerEmail,
    ["Bootstrap:ViewerPassword"] = ViewerPassword,
})
{
    private const string ViewerEmail = "viewer@example.com";
    private const string ViewerPassword = "Viewer-Password-42";

    [Fact]
    public async Task Admin_OpensTheAddDialog_NoContentSecurityPolicyViolation()
    {
        var (context, page, violations) = await OpenAsync();
        await using var _ = context;

        await LogInAsync(page, ConsoleApp.AdminEmail, ConsoleApp.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();
        await Expect(page.GetByLabel("Endpoint")).ToBeVisibleAsync();

        Assert.Empty(violations);
    }

    [Fact]
    public async Task Viewer_LogsIn_SeesWebhooksButCannotAddOne()
    {
        string id;
        using (var api = App.CreateApiClient(BaseAddress))
        {
            var created = await api.SendJsonAsync(HttpMethod.Post, "organizations/webhooks", """{"target_url":"http://127.0.0.1:9/hook","name":"Shared webhook"}""");
            id = (await created.ReadResultAsync(System.Net.HttpStatusCode.Created)).GetProperty("id").GetString()!;
        }

        var (context, page, violations) = await OpenAsync();
        await using var _ = context;

        await LogInAsync(page, ViewerEmail, ViewerPassword);
        await Expect(page.GetByText("Shared webhook")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" })).ToBeDisabledAsync();
        await page.GotoAsync($"/webhooks/{id}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Shared webhook" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send test event" })).ToBeDisabledAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "viewer-webhook.png"), FullPage = true });

        Assert.Empty(violations);
    }

    private async Task<(IBrowserContext Context, IPage Page, List<string> Violations)> OpenAsync()
    {
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (violations)
                {
                    violations.Add(message.Text);
                }
            }
        };
        return (context, page, violations);
    }

    private static async Task LogInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Webhooks" })).ToBeVisibleAsync();
    }
}
