using Microsoft.Playwright;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Receiving;
using WebhookConsole.Engine.Webhooks;
using WebhookConsole.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace WebhookConsole.Tests.EndToEnd;

/// <summary>Rotate a webhook's secret and redeliver, in Chromium against the real app and a real Receiver.</summary>
[Collection(BrowserCollection.Name)]
public sealed class WebhookCommandsTests(BrowserFixture browser) : RunningConsoleAppWithReceiver
{
    [Fact]
    public async Task Operator_RotatesASecretThenRedelivers_ReceiverVerifiesBothSecretsDuringGrace()
    {
        var webhooks = App.Services.GetRequiredService<WebhookService>();
        var created = await webhooks.CreateAsync(App.OrganizationId, new() { Name = "Audit sink", TargetUrl = Receiver.Url, Format = WebhookFormat.Standard, Channels = ["login"] });
        await webhooks.SetActiveAsync(App.OrganizationId, created.Value!.Webhook.Id, true);
        var (context, page) = await browser.LogInAsync(BaseAddress);
        await using var _ = context;
        await page.GetByRole(AriaRole.Link, new() { Name = "Audit sink" }).ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Rotate secret" }).ClickAsync();
        await Expect(page.GetByLabel("Grace period (hours)")).ToHaveValueAsync("24");
        await page.ShotAsync("webhook-01-rotate-secret");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Rotate secret" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Copy new secret" })).ToBeVisibleAsync();
        var newSecret = await page.Locator("#rotated-secret").InnerTextAsync();
        await page.ShotAsync("webhook-02-new-secret-once");
        await page.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Expect(page.Locator(".secret-row")).ToContainTextAsync("****" + newSecret[^4..]);
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        Assert.DoesNotContain(newSecret, await page.ContentAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Send test event" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        var post = await Receiver.NextPostAsync();
        Assert.True(WebhookVerifier.VerifyStandard(newSecret, post.Headers, post.Body, DateTimeOffset.UtcNow).IsValid);
        Assert.True(WebhookVerifier.VerifyStandard(created.Value.Secret!, post.Headers, post.Body, DateTimeOffset.UtcNow).IsValid);
        var row = page.Locator("tr", new() { HasText = "test" });
        await Expect(row).ToContainTextAsync("succeeded");
        await page.ShotAsync("webhook-03-after-rotation");

        await row.GetByRole(AriaRole.Link).First.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Redeliver" }).ClickAsync();
        var again = await Receiver.NextPostAsync();
        Assert.Equal(post.BodyText, again.BodyText);
        await Expect(page.Locator("[data-attempt='2']")).ToContainTextAsync("HTTP 200");
        await page.ShotAsync("delivery-redelivered");
    }
}
