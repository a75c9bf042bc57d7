using System.Text.Json;
using Microsoft.Playwright;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Receiving;
using WebhookConsole.Engine.Webhooks;
using WebhookConsole.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace WebhookConsole.Tests.EndToEnd;

/// <summary>Settings → Operators and Notification channels in Chromium against the real app and a real loopback receiver.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OperatorsAndNotificationsTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly string secret = WebhookSecrets.Generate(WebhookFormat.Standard);
    private TestReceiver receiver = null!;
    private ConsoleApp app = null!;
    private Uri baseAddress = null!;

    public async Task InitializeAsync()
    {
        receiver = await TestReceiver.StartAsync();
        app = new ConsoleApp(new Dictionary<string, string?>
        {
            ["Notifications:Webhook:Url"] = receiver.Url,
            ["Notifications:Webhook:Secret"] = secret,
        });
        baseAddress = app.Start();
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await receiver.DisposeAsync();
    }

    [Fact]
    public async Task Admin_AddsAnOperatorAndSendsATestNotification_TheOperatorIsListedAndTheReceiverGetsASignedRequest()
    {
        var (context, page) = await browser.LogInAsync(baseAddress);
        await using var _ = context;
        await page.GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Operators" })).ToBeVisibleAsync();

        var form = page.GetByRole(AriaRole.Form, new() { Name = "Add operator" });
        await form.GetByLabel("Email").FillAsync("ops@example.com");
        await page.PickAsync("Role", "viewer");
        await form.GetByLabel("Initial password").FillAsync("short");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add operator" }).ClickAsync();
        await Expect(page.Locator("#operator-password-error")).ToContainTextAsync("Passwords must be at least 12 characters.");
        await page.ShotAsync("settings-05-operator-password-rules");
        await form.GetByLabel("Initial password").FillAsync("Operator-Pass-42");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add operator" }).ClickAsync();
        await Expect(page.Locator("tr[data-operator='ops@example.com']")).ToContainTextAsync("active");
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Role of ops@example.com" })).ToContainTextAsync("viewer");

        await page.GetByRole(AriaRole.Button, new() { Name = "Send test notification to Operational webhook (standard)" }).ClickAsync();
        var post = await receiver.NextPostAsync();
        await Expect(page.Locator("[data-outcome='Webhook']")).ToHaveTextAsync("Sent: the endpoint answered 200.");
        await page.ShotAsync("settings-06-operators-and-notifications");

        Assert.True(WebhookVerifier.VerifyStandard(secret, post.Headers, post.Body, DateTimeOffset.UtcNow).IsValid);
        using var body = JsonDocument.Parse(post.Body);
        Assert.Equal("test", body.RootElement.GetProperty("type").GetString());
        Assert.DoesNotContain(secret, await page.ContentAsync());
    }
}
