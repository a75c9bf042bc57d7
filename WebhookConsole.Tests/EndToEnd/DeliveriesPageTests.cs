using Microsoft.Playwright;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Webhooks;
using WebhookConsole.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace WebhookConsole.Tests.EndToEnd;

/// <summary>
/// The deliveries page in Chromium against the real app and a real receiver: filter the log (the filter lands in the
/// URL and survives a reload), open a delivery and copy its attempt as a curl command with the custom header masked.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DeliveriesPageTests(BrowserFixture browser) : RunningConsoleAppWithReceiver
{
    [Fact]
    public async Task Operator_FiltersDeliveriesAndCopiesAsCurl_GetsTheFilteredLinkAndAMaskedCommand()
    {
        var webhooks = App.Services.GetRequiredService<WebhookService>();
        var created = await webhooks.CreateAsync(App.OrganizationId, new()
        {
            Name = "Audit sink",
            TargetUrl = Receiver.Url,
            Format = WebhookFormat.Standard,
            Channels = ["login"],
            CustomHeaders = new() { ["X-Api-Key"] = ["receiver-credential-1234"] },
        });
        var webhookId = created.Value!.Webhook.Id;
        await webhooks.SetActiveAsync(App.OrganizationId, webhookId, true);
        using var api = App.CreateApiClient(BaseAddress);
        await api.SendJsonAsync(HttpMethod.Post, "events", """{"event_name": "AuthenticationSucceeded_v1", "payload": {}}""");
        await Receiver.NextPostAsync();
        await api.SendJsonAsync(HttpMethod.Post, "events", """{"event_name": "AuthenticationFailed_v1", "payload": {"reason": "wrong password"}}""");
        await Receiver.NextPostAsync();
        var (context, page) = await browser.LogInAsync(BaseAddress);
        await using var _ = context;
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await page.SetViewportSizeAsync(1280, 900);

        await page.GetByRole(AriaRole.Link, new() { Name = "Deliveries" }).ClickAsync();
        await Expect(page.Locator(".deliveries-table tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator(".deliveries-table tbody tr").First).ToContainTextAsync("succeeded");
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Event type" })).Not.ToHaveAttributeAsync("aria-disabled", "true");
        await page.PickAsync("Event type", "AuthenticationFailed_v1");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("deliveries\\?event=AuthenticationFailed_v1$"));
        await Expect(page.Locator(".deliveries-table tbody tr")).ToHaveCountAsync(1);
        await page.PickAsync("Webhook", "Audit sink");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"webhook={webhookId}"));
        await Expect(page.Locator(".deliveries-table tbody tr")).ToHaveCountAsync(1);
        await ShotsAsync(page, "deliveries-01-filtered");

        // The filtered view is a link: opened afresh, it shows the same rows with the same filters set.
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Event type" })).ToContainTextAsync("AuthenticationFailed_v1");
        await Expect(page.Locator(".deliveries-table tbody tr")).ToHaveCountAsync(1);
        await page.GetByLabel("Test events only").CheckAsync();
        await Expect(page.GetByText("No deliveries match these filters.")).ToBeVisibleAsync();
        await page.GetByLabel("Test events only").UncheckAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "AuthenticationFailed_v1" }).ClickAsync();
        await Expect(page.Locator(".attempt-timeline li")).ToHaveCountAsync(1);
        await Expect(page.Locator(".attempt-timeline li")).ToContainTextAsync("succeeded · HTTP 200");
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy attempt 1 as curl" }).ClickAsync();
        await Expect(page.Locator(".copy-status")).ToContainTextAsync("Copied. Custom header values are masked (****).");
        var copied = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        Assert.StartsWith($"curl -X POST '{Receiver.Url}'", copied);
        Assert.Contains("-H 'X-Api-Key: ****'", copied);
        Assert.DoesNotContain("receiver-credential-1234", copied);
        await page.GetByText("Show curl command").ClickAsync();
        await Expect(page.Locator(".curl-command")).ToHaveTextAsync(copied);
        await ShotsAsync(page, "deliveries-02-detail-curl");

        await page.GetByRole(AriaRole.Link, new() { Name = "Audit sink" }).First.ClickAsync();
        await Expect(page.Locator(".webhook-activity .throughput-summary")).ToContainTextAsync("2 attempts succeeded, 0 failed");
        await ShotsAsync(page, "deliveries-03-webhook-activity");

        // The header names the organization and the operator; the dark theme survives a reload (its cookie).
        await Expect(page.Locator(".console-org")).ToHaveTextAsync("myorg");
        await Expect(page.Locator(".console-user")).ToHaveTextAsync(ConsoleApp.AdminEmail);
        await page.GetByRole(AriaRole.Button, new() { Name = "Dark theme" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Dark theme" })).ToHaveAttributeAsync("aria-pressed", "true");
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Dark theme" })).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.Locator("link[href*='material-dark']")).ToHaveCountAsync(1);

        // Keyboard: the skip link is the first thing Tab reaches, shows when focused and moves focus to the page's content.
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Dark theme" })).ToBeEnabledAsync();
        Assert.Equal("Skip to content", await page.EvaluateAsync<string>(
            "() => document.querySelector('a[href], button:not([disabled]), input:not([disabled]), select, [tabindex]:not([tabindex=\"-1\"])').textContent"));
        var skip = page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" });
        await skip.FocusAsync();
        await Expect(skip).ToBeInViewportAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#main-content")).ToBeFocusedAsync();
    }

    // The console at a laptop's 1280 px and, loaded afresh as a tablet would, at 820 px; in the light and the dark theme.
    private static async Task ShotsAsync(IPage page, string name)
    {
        var toggle = page.GetByRole(AriaRole.Button, new() { Name = "Dark theme" });
        foreach (var theme in new[] { "light", "dark" })
        {
            await page.ShotAsync($"{name}-1280-{theme}");
            await page.SetViewportSizeAsync(820, 1100);
            await page.ReloadAsync();
            await Expect(toggle).ToBeEnabledAsync();
            await page.ShotAsync($"{name}-820-{theme}");
            await page.SetViewportSizeAsync(1280, 900);
            await page.ReloadAsync();
            await Expect(toggle).ToBeEnabledAsync();
            await toggle.ClickAsync();
            await Expect(toggle).ToHaveAttributeAsync("aria-pressed", theme == "light" ? "true" : "false");
        }
    }
}
