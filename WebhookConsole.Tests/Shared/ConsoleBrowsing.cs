using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace WebhookConsole.Tests.Shared;

/// <summary>Steps the end-to-end tests share: a logged-in page on the real app, and screenshots.</summary>
public static class ConsoleBrowsing
{
    /// <summary>A new browser context at 1366×900 on <paramref name="baseAddress"/>, logged in (as the bootstrap admin by default), on the interactive Webhooks page.</summary>
    public static async Task<(IBrowserContext Context, IPage Page)> LogInAsync(this BrowserFixture browser, Uri baseAddress,
        string email = ConsoleApp.AdminEmail, string password = ConsoleApp.AdminPassword)
    {
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = baseAddress.ToString(), ViewportSize = new() { Width = 1366, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Webhooks" })).ToBeVisibleAsync();
        // The heading is prerendered; buttons are enabled once the circuit is up. A link followed before that is an
        // enhanced page load that can leave the next page without a circuit, so wait until the page is interactive.
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" })).ToBeEnabledAsync();
        return (context, page);
    }

    /// <summary>A full-page screenshot in <see cref="BrowserFixture.ScreenshotDirectory"/>.</summary>
    public static Task ShotAsync(this IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, $"{name}.png"), FullPage = true, Animations = ScreenshotAnimations.Disabled });

    /// <summary>
    /// Screenshots of the page at 1400 and, loaded afresh, at 820 px wide, in the light and the dark theme
    /// (<c>{name}-{width}-{theme}</c>); <paramref name="prepare"/> (e.g. opening a dialog) runs after every load.
    /// Ends at 1400 px in the light theme.
    /// </summary>
    public static async Task ShotsAsync(this IPage page, string name, Func<IPage, Task>? prepare = null)
    {
        var toggle = page.GetByRole(AriaRole.Button, new() { Name = "Dark theme" });
        foreach (var theme in new[] { "light", "dark" })
        {
            foreach (var width in new[] { 1400, 820 })
            {
                await page.SetViewportSizeAsync(width, 1000);
                await page.ReloadAsync();
                await Expect(toggle).ToBeEnabledAsync();
                if (prepare is not null)
                {
                    await prepare(page);
                }

                await page.ShotAsync($"{name}-{width}-{theme}");
            }

            await page.ReloadAsync();
            await Expect(toggle).ToBeEnabledAsync();
            await toggle.ClickAsync();
            await Expect(toggle).ToHaveAttributeAsync("aria-pressed", theme == "light" ? "true" : "false");
        }

        await page.SetViewportSizeAsync(1400, 1000);
        await page.ReloadAsync();
        await Expect(toggle).ToBeEnabledAsync();
    }

    /// <summary>Picks <paramref name="option"/> in the Radzen dropdown labelled <paramref name="label"/>: opens it, clicks the option.</summary>
    public static async Task PickAsync(this IPage page, string label, string option)
    {
        await page.GetByRole(AriaRole.Combobox, new() { Name = label, Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
    }
}
