using Microsoft.Playwright;

namespace WebhookConsole.Tests.Shared;

/// <summary>
/// Debian's Chromium driven by Playwright (no browser download is possible here: docs/dependencies.md).
/// One browser for the test run; each test opens its own context.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go: the test output folder.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        // The whole suite shares two cores with PostgreSQL, app processes and Chromium: give a page more than
        // Playwright's default 5 s to show what it will show. Still a bound, never a sleep.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
