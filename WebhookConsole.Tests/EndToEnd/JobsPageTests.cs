using Microsoft.Playwright;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Webhooks;
using WebhookConsole.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace WebhookConsole.Tests.EndToEnd;

/// <summary>The jobs page in Chromium against the real app and a real receiver: requeue a delivery, trigger a maintenance job.</summary>
[Collection(BrowserCollection.Name)]
public sealed class JobsPageTests(BrowserFixture browser) : RunningConsoleAppWithReceiver
{
    [Fact]
    public async Task Operator_RequeuesASucceededDeliveryAndTriggersAJob_SeesBothHappen()
    {
        var webhooks = App.Services.GetRequiredService<WebhookService>();
        var created = await webhooks.CreateAsync(App.OrganizationId, new() { Name = "Audit sink", TargetUrl = Receiver.Url, Format = WebhookFormat.Standard, Channels = ["login"] });
        await webhooks.SetActiveAsync(App.OrganizationId, created.Value!.Webhook.Id, true);
        using var api = App.CreateApiClient(BaseAddress);
        await api.SendJsonAsync(HttpMethod.Post, "events", """{"event_name": "AuthenticationSucceeded_v1", "payload": {}}""");
        var first = await Receiver.NextPostAsync();
        var (context, page) = await browser.LogInAsync(BaseAddress);
        await using var _ = context;

        await page.GetByRole(AriaRole.Link, new() { Name = "Jobs" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Jobs", Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-state=succeeded] .state-count")).ToHaveTextAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "1 Succeeded" }).ClickAsync();
        var row = page.Locator("tr", new() { HasText = "AuthenticationSucceeded_v1" });
        await Expect(row).ToContainTextAsync("HTTP 200");
        await page.ShotAsync("jobs-01-succeeded");

        await row.GetByRole(AriaRole.Button, new() { Name = "Requeue" }).ClickAsync();
        var second = await Receiver.NextPostAsync();
        Assert.Equal(first.BodyText, second.BodyText);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Requeued 1 delivery.");
        await Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("2");
        await Expect(page.Locator(".throughput-summary").First).ToHaveTextAsync("Last 5 minutes: 2 attempts succeeded, 0 failed.");
        await Expect(page.Locator(".throughput-summary").Nth(1)).ToHaveTextAsync("Last 24 hours: 2 attempts succeeded, 0 failed.");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Dispatchers" })).ToContainTextAsync("this process");

        var purge = page.Locator("tr[data-job=RetentionPurge]");
        await Expect(purge).ToContainTextAsync("never");
        await page.GetByRole(AriaRole.Button, new() { Name = "Trigger RetentionPurge now" }).ClickAsync();
        await Expect(purge.Locator(".job-outcome")).ToContainTextAsync("succeeded");
        await Expect(purge).Not.ToContainTextAsync("never");
        await page.ShotAsync("jobs-02-requeued-and-triggered");
    }
}
