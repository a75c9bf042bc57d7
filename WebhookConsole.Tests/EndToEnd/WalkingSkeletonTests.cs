using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using WebhookConsole.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace WebhookConsole.Tests.EndToEnd;

/// <summary>
/// The whole story in Chromium against the real app and a real loopback receiver: log in, add a webhook
/// for Logins, switch it on (WebSub verification of intent), send an event through the REST API, and see
/// the signed delivery succeed with the receiver's response.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WalkingSkeletonTests(BrowserFixture browser) : RunningConsoleAppWithReceiver
{
    [Fact]
    public async Task Operator_AddsActivatesAndSeesASignedDelivery()
    {
        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = BaseAddress.ToString(), ViewportSize = new() { Width = 1366, Height = 900 } });
        var page = await context.NewPageAsync();

        // Every page requires login.
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"));
        await page.GetByLabel("Email").FillAsync(ConsoleApp.AdminEmail);
        await page.GetByLabel("Password").FillAsync(ConsoleApp.AdminPassword);
        await Shot(page, "01-login");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Webhooks" })).ToBeVisibleAsync();
        await Shot(page, "02-webhooks-empty");

        // Add a webhook subscribed to the Logins channel; the generated secret is shown once.
        await page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Login events");
        await page.GetByLabel("Endpoint").FillAsync(Receiver.Url);
        await page.GetByLabel("Logins").CheckAsync();
        await Shot(page, "03-add-webhook");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Copy secret" })).ToBeVisibleAsync();
        Receiver.Secret = await page.Locator("#created-secret").InnerTextAsync();
        Assert.True(Receiver.Secret.Length >= 32);
        await Shot(page, "04-secret-once");
        await page.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Login events" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-channel=login]")).ToContainTextAsync("not verified");
        await Expect(page.GetByText("****" + Receiver.Secret[^4..])).ToBeVisibleAsync();

        // Switch it on: the receiver gets the subscribe GET and echoes the challenge; the page updates by itself.
        // Radzen keeps the accessible input visually hidden inside the switch; click the switch itself, as a person does.
        await page.GetByRole(AriaRole.Switch, new() { Name = "Active" }).Locator("..").ClickAsync();
        var verification = await Receiver.NextVerificationAsync();
        Assert.Equal("subscribe", verification.Query["hub.mode"]);
        Assert.Equal($"myorg.{App.OrganizationId}.schema.wso2.v1.event.login", verification.Query["hub.topic"]);
        Assert.Equal("864000", verification.Query["hub.lease_seconds"]);
        await Expect(page.Locator("[data-channel=login]")).ToContainTextAsync("accepted");
        await Expect(page.Locator(".page-header")).ToContainTextAsync("active");
        await Expect(page.GetByRole(AriaRole.Switch, new() { Name = "Active" })).ToBeCheckedAsync();
        await Shot(page, "05-webhook-active");

        // The identity system sends an event through the REST API.
        using var api = App.CreateApiClient(BaseAddress);
        var response = await api.PostAsJsonAsync("events", new { event_name = "AuthenticationSucceeded_v1", payload = new { user = new { id = "d4002616" } } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var accepted = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var eventId = accepted.RootElement.GetProperty("result").GetProperty("id").GetString();

        // The receiver gets it signed, and verifies the signature with its own HMAC code.
        var post = await Receiver.NextPostAsync();
        Assert.True(post.SignatureValid);
        using var body = JsonDocument.Parse(post.Body);
        Assert.Equal(eventId, body.RootElement.GetProperty("rci").GetString());
        Assert.True(body.RootElement.GetProperty("events").TryGetProperty("https://schemas.identity.wso2.org/events/login/event-type/loginSuccess", out _));

        // The operator sees it succeed in the delivery log, with the receiver's response.
        await page.GetByRole(AriaRole.Link, new() { Name = "Deliveries" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Deliveries" })).ToBeVisibleAsync();
        var row = page.Locator("tr", new() { HasText = "AuthenticationSucceeded_v1" });
        await Expect(row).ToContainTextAsync("succeeded");
        await Expect(row).ToContainTextAsync("200");
        await Shot(page, "06-deliveries");
        await row.GetByRole(AriaRole.Link, new() { Name = "AuthenticationSucceeded_v1" }).ClickAsync();
        var attempt = page.Locator("[data-attempt='1']");
        await Expect(attempt).ToContainTextAsync("HTTP 200");
        await Expect(attempt).ToContainTextAsync("x-hub-signature: " + post.Headers["x-hub-signature"]);
        await attempt.GetByRole(AriaRole.Tab, new() { Name = "Response" }).ClickAsync();
        await Expect(attempt).ToContainTextAsync("received");
        await Shot(page, "07-delivery-detail");

        // The webhook page's Send test event: the payload of its first event type shown first, then sent as shown,
        // delivered and listed without a reload.
        await page.GetByRole(AriaRole.Link, new() { Name = "Login events" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send test event" }).ClickAsync();
        var preview = page.GetByRole(AriaRole.Dialog).Locator("pre.body-readable");
        await Expect(preview).ToContainTextAsync("\"is_test_event\": true");
        var previewed = await preview.InnerTextAsync();
        // The dialog fades and scales in: shoot it once its (finite) animations are over.
        await page.EvaluateAsync("() => Promise.all(document.getAnimations().filter(a => a.effect.getTiming().iterations !== Infinity).map(a => a.finished))");
        await Shot(page, "08-send-test-event");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        var test = await Receiver.NextPostAsync();
        Assert.True(test.SignatureValid);
        using var testBody = JsonDocument.Parse(test.Body);
        var testPayload = testBody.RootElement.GetProperty("events").GetProperty("https://schemas.identity.wso2.org/events/login/event-type/loginSuccess");
        Assert.True(testPayload.GetProperty("event_metadata").GetProperty("is_test_event").GetBoolean());
        Assert.Contains(testPayload.GetProperty("event_metadata").GetProperty("event_id").GetString()!, previewed);
        var testRow = page.Locator("tr", new() { HasText = "test" });
        await Expect(testRow).ToContainTextAsync("succeeded");
        await Shot(page, "09-test-event");
    }

    [Fact]
    public async Task Operator_AddWebhookWithBadInput_SeesWhatToFixAndNothingIsStored()
    {
        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.GetByLabel("Email").FillAsync(ConsoleApp.AdminEmail);
        await page.GetByLabel("Password").FillAsync(ConsoleApp.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Webhooks" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();
        await page.GetByLabel("Endpoint").FillAsync(Receiver.Url + "?token=1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();

        await Expect(page.Locator("#webhook-name-error")).ToHaveTextAsync("The name is required.");
        await Expect(page.Locator("#webhook-endpoint-error")).ToHaveTextAsync("The target URL must not contain query parameters.");
        await Expect(page.Locator("#webhook-triggers-error")).ToHaveTextAsync("Select at least one event type or sync hook.");
        await Shot(page, "09-add-webhook-errors");
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByText("No webhooks yet")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Visitor_WrongPassword_StaysOnLoginWithAMessage()
    {
        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/deliveries");

        await page.GetByLabel("Email").FillAsync(ConsoleApp.AdminEmail);
        await page.GetByLabel("Password").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The email or password is not correct.");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"));
    }

    private static Task Shot(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, $"skeleton-{name}.png"), FullPage = true });
}
