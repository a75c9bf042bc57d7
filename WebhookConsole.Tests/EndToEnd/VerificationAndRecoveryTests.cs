using System.Net;
using Microsoft.Playwright;
using WebhookConsole.Engine.Webhooks;
using WebhookConsole.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace WebhookConsole.Tests.EndToEnd;

/// <summary>In Chromium: resend a subscription after a failed challenge, and recover a webhook's failed deliveries.</summary>
[Collection(BrowserCollection.Name)]
public sealed class VerificationAndRecoveryTests(BrowserFixture browser) : RunningConsoleAppWithReceiver(FastRetries)
{
    private static readonly Dictionary<string, string?> FastRetries = new()
    {
        ["Delivery:Retry:InitialBackoff"] = "00:00:01",
        ["Delivery:Retry:MaxBackoff"] = "00:00:01",
        ["Delivery:Retry:GiveUpAfter"] = "00:00:01",
        ["Delivery:Retry:Jitter"] = "0",
        ["Delivery:PollInterval"] = "00:00:00.200",
    };

    [Fact]
    public async Task Operator_ResendsSubscriptionAfterAFailedChallenge_WebhookBecomesActive()
    {
        Receiver.AnswerVerification = _ => (200, "not the challenge");
        var created = await App.Services.GetRequiredService<WebhookService>().CreateAsync(App.OrganizationId,
            new WebhookInput { Name = "Flaky receiver", TargetUrl = Receiver.Url, Channels = ["login"] });
        var (context, page) = await browser.LogInAsync(BaseAddress);
        await using var _ = context;
        await page.GotoAsync($"webhooks/{created.Value!.Webhook.Id}");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Delete" })).ToBeEnabledAsync();

        await page.GetByRole(AriaRole.Switch, new() { Name = "Active" }).Locator("..").ClickAsync();
        await Expect(page.Locator("[data-channel=login]")).ToContainTextAsync("error");
        await Expect(page.Locator("[data-channel=login]")).ToContainTextAsync("body was not the hub.challenge");
        await page.ShotAsync("verification-error");

        Receiver.AnswerVerification = challenge => (200, challenge);
        await page.GetByRole(AriaRole.Button, new() { Name = "Resend subscription" }).ClickAsync();

        await Expect(page.Locator("[data-channel=login]")).ToContainTextAsync("accepted");
        await Expect(page.Locator(".page-header")).ToContainTextAsync("active");
        await page.ShotAsync("verification-resent");
    }

    [Fact]
    public async Task Operator_RecoversFailedDeliveries_TheyAreSentAgainAndSucceed()
    {
        using var api = App.CreateApiClient(BaseAddress);
        var webhook = await (await api.SendJsonAsync(HttpMethod.Post, "organizations/webhooks",
            $$"""{"target_url": "{{Receiver.Url}}", "name": "Recovering receiver"}""")).ReadResultAsync(HttpStatusCode.Created);
        var id = webhook.GetProperty("id").GetString();
        await (await api.SendJsonAsync(HttpMethod.Post, $"organizations/webhooks/{id}/triggers",
            """{"trigger_type": "event", "trigger_name": "PersonCreated_v1"}""")).ReadResultAsync(HttpStatusCode.Created);
        for (var i = 0; i < 10; i++)
        {
            Receiver.PostStatuses.Enqueue(503);
        }

        await (await api.SendJsonAsync(HttpMethod.Post, "events", """{"event_name": "PersonCreated_v1", "payload": {}}""")).ReadResultAsync(HttpStatusCode.Accepted);
        var (context, page) = await browser.LogInAsync(BaseAddress);
        await using var _ = context;
        await page.GotoAsync($"webhooks/{id}");
        var row = page.Locator("tr", new() { HasText = "PersonCreated_v1" });
        await Expect(row).ToContainTextAsync("failed", new() { Timeout = 30_000 });
        Receiver.PostStatuses.Clear();

        await page.GetByRole(AriaRole.Button, new() { Name = "Recover" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Recover" }).ClickAsync();

        await Expect(row).ToContainTextAsync("succeeded", new() { Timeout = 30_000 });
        await page.ShotAsync("recovered");
    }
}
