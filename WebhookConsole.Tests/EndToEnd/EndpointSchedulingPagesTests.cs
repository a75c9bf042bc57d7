using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Engine.Scheduling;
using WebhookConsole.Engine.Webhooks;
using WebhookConsole.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace WebhookConsole.Tests.EndToEnd;

/// <summary>
/// Per-endpoint scheduling in the console, in Chromium against the real app: the form's Delivery section, the webhook
/// page with an open circuit, the Jobs page's busiest endpoints and a delivery that says why it waits; screenshots at
/// 1400 and 820 px, light and dark.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EndpointSchedulingPagesTests(BrowserFixture browser)
    // Rows this test writes into the queue must stay as written: with an hour between polls and nothing published,
    // the dispatcher never wakes to claim them.
    : RunningConsoleApp(new Dictionary<string, string?> { ["Delivery:PollInterval"] = "01:00:00" })
{
    [Fact]
    public async Task Operator_SetsDeliveryLimitsAndOpensAStuckEndpoint_SeesCircuitBacklogAndWhyADeliveryWaits()
    {
        var webhooks = App.Services.GetRequiredService<WebhookService>();
        var stuck = (await webhooks.CreateAsync(App.OrganizationId, new() { Name = "Orders API", TargetUrl = "https://orders.example.test/hook", Format = WebhookFormat.Jwt, Channels = ["login"] })).Value!.Webhook.Id;
        var other = (await webhooks.CreateAsync(App.OrganizationId, new() { Name = "Audit sink", TargetUrl = "https://audit.example.test/hook", Format = WebhookFormat.Jwt, Channels = ["login"] })).Value!.Webhook.Id;
        var longNamed = (await webhooks.CreateAsync(App.OrganizationId, new()
        {
            Name = LongName, TargetUrl = LongUrl, Format = WebhookFormat.Jwt, Channels = ["login"],
        })).Value!.Webhook.Id;
        var (context, page) = await browser.LogInAsync(BaseAddress);
        await using var _ = context;
        await page.SetViewportSizeAsync(1400, 900);

        // Nothing queued yet: the Jobs page says no endpoint is busy.
        await page.GetByRole(AriaRole.Link, new() { Name = "Jobs" }).ClickAsync();
        await Expect(page.GetByText("No endpoint has deliveries queued or in flight.")).ToBeVisibleAsync();
        await page.ShotsAsync("scheduling-00-jobs-none-busy");
        await page.GetByRole(AriaRole.Link, new() { Name = "Webhooks", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" })).ToBeEnabledAsync();

        // The Delivery section of the edit form: a cap, a rate limit and FIFO, saved and shown on the page.
        await page.GetByRole(AriaRole.Link, new() { Name = "Orders API" }).ClickAsync();
        await OpenEditAsync(page);
        await page.GetByLabel("Max in flight").FillAsync("0");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("#webhook-max-in-flight-error")).ToHaveTextAsync(DeliverySettings.MaxInFlightRule);
        await page.ShotsAsync("scheduling-01-form-delivery-error", ShowMaxInFlightErrorAsync);
        await OpenEditAsync(page);
        await page.GetByLabel("Max in flight").FillAsync("4");
        await page.GetByLabel("Rate limit (requests a second)").FillAsync("5");
        await page.GetByRole(AriaRole.Radio, new() { Name = "FIFO (in order)" }).ClickAsync();
        await Expect(page.Locator("#webhook-ordering-help")).ToContainTextAsync("FIFO: one delivery at a time");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("[data-setting=max-in-flight]")).ToHaveTextAsync("4 requests at once");
        await Expect(page.Locator("[data-setting=rate-limit]")).ToHaveTextAsync("5 requests a second");
        await page.ShotsAsync("scheduling-02-form", OpenEditAsync);

        // The engine opened the endpoint's circuit while a backlog built up.
        var now = DateTimeOffset.UtcNow;
        var held = await StoreBacklogAsync(stuck, other, now);
        await page.ReloadAsync();
        await Expect(page.Locator(".endpoint-delivery .circuit-badge")).ToHaveTextAsync("open");
        await Expect(page.Locator(".circuit-times")).ToContainTextAsync("next probe at");
        await page.ShotsAsync("scheduling-03-webhook-open-circuit");

        await page.GetByRole(AriaRole.Link, new() { Name = "Webhooks", Exact = true }).ClickAsync();
        await Expect(page.Locator(".webhooks-grid .circuit-badge")).ToHaveTextAsync("circuit open");
        await page.ShotsAsync("scheduling-03-webhooks-list");
        await page.GetByRole(AriaRole.Link, new() { Name = "Audit sink" }).ClickAsync();
        await Expect(page.Locator(".endpoint-delivery .circuit-badge")).ToHaveTextAsync("closed");
        await page.ShotsAsync("scheduling-03-webhook-defaults");

        await page.GetByRole(AriaRole.Link, new() { Name = "Jobs" }).ClickAsync();
        var busiest = page.GetByRole(AriaRole.Table, new() { Name = "Busiest endpoints" });
        await Expect(busiest.Locator("tbody tr")).ToHaveCountAsync(2);
        await Expect(busiest.Locator("tbody tr").First).ToContainTextAsync("Orders API");
        await Expect(busiest.Locator("tbody tr").First.Locator("td")).ToHaveTextAsync(["Orders API", "12", "3", "4", "open", "4", "5/s", "fifo"]);
        await page.ShotsAsync("scheduling-04-jobs-busiest");
        await StoreQueuedAsync(longNamed, 30);
        await page.ReloadAsync();
        await Expect(busiest.Locator("tbody tr").First.Locator("td").First).ToHaveTextAsync(LongName);
        await page.ShotsAsync("scheduling-04-jobs-busiest-long-name");

        await page.GotoAsync($"deliveries/{held}");
        await Expect(page.Locator(".waiting-reason")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Waiting: the endpoint's circuit is open since .+ UTC; next probe at .+ UTC$"));
        await page.ShotsAsync("scheduling-05-delivery-waiting");
    }

    private const string LongName = "Customer identity events relay for the EMEA production tenant (primary region, fail-over pair B)";

    private const string LongUrl = "https://identity-events-relay.eu-west-1.production.customer-platform.example.test/v2/organizations/3f9a1c2e-5b7d-4e8f-9a0b-1c2d3e4f5a6b/webhooks/identity-events/receivers/webhookconsole-emea-primary";

    private static async Task ShowMaxInFlightErrorAsync(IPage page)
    {
        await OpenEditAsync(page);
        await page.GetByLabel("Max in flight").FillAsync("0");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("#webhook-max-in-flight-error")).ToHaveTextAsync(DeliverySettings.MaxInFlightRule);
        await page.GetByRole(AriaRole.Dialog).Locator(".delivery-settings").ScrollIntoViewIfNeededAsync();
    }

    private static async Task OpenEditAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog).Locator(".delivery-settings")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Dialog).Locator(".delivery-settings").ScrollIntoViewIfNeededAsync();
    }

    /// <summary>Orders API: 12 due, 3 waiting for their retry, 4 in flight (leased for an hour), circuit open; Audit sink: 2 due. Returns a held delivery.</summary>
    private async Task<Guid> StoreBacklogAsync(Guid stuck, Guid other, DateTimeOffset now)
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<WebhookDbContext>>().CreateDbContextAsync();
        var @event = new WebhookEvent { Id = Guid.NewGuid(), OrganizationId = App.OrganizationId, TriggerType = TriggerType.Event, Name = "AuthenticationFailed_v1", Payload = "{}", ReceivedAt = now.AddMinutes(-3) };
        db.Events.Add(@event);
        var sequence = 0;
        Delivery Row(Guid webhookId, DeliveryStatus status, DateTimeOffset due) => new()
        {
            Id = Guid.CreateVersion7(), EventId = @event.Id, EventName = @event.Name, WebhookId = webhookId, OrganizationId = App.OrganizationId,
            Status = status, CreatedAt = @event.ReceivedAt, NextAttemptAt = due, Sequence = ++sequence,
            LeaseOwner = status == DeliveryStatus.InFlight ? "node-elsewhere" : null,
            LeaseExpiresAt = status == DeliveryStatus.InFlight ? now.AddHours(1) : null,
            AttemptCount = status == DeliveryStatus.Retrying ? 1 : 0,
        };
        var rows = Enumerable.Range(0, 4).Select(_ => Row(stuck, DeliveryStatus.InFlight, now.AddMinutes(-2)))
            .Concat(Enumerable.Range(0, 12).Select(_ => Row(stuck, DeliveryStatus.Pending, now.AddMinutes(-1))))
            .Concat(Enumerable.Range(0, 3).Select(_ => Row(stuck, DeliveryStatus.Retrying, now.AddMinutes(5))))
            .Concat(Enumerable.Range(0, 2).Select(_ => Row(other, DeliveryStatus.Pending, now.AddMinutes(-1))))
            .ToList();
        db.Deliveries.AddRange(rows);
        db.EndpointStates.Add(new EndpointState
        {
            WebhookId = stuck, Circuit = CircuitState.Open, CircuitSince = now.AddSeconds(-40), NextProbeAt = now.AddMinutes(10),
            CoolDown = TimeSpan.FromMinutes(10), ConsecutiveFailures = 7,
        });
        await db.SaveChangesAsync();
        return rows[4].Id;
    }

    /// <summary><paramref name="count"/> deliveries due now for <paramref name="webhookId"/>.</summary>
    private async Task StoreQueuedAsync(Guid webhookId, int count)
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<WebhookDbContext>>().CreateDbContextAsync();
        var now = DateTimeOffset.UtcNow;
        var @event = new WebhookEvent { Id = Guid.NewGuid(), OrganizationId = App.OrganizationId, TriggerType = TriggerType.Event, Name = "AuthenticationFailed_v1", Payload = "{}", ReceivedAt = now.AddMinutes(-1) };
        db.Events.Add(@event);
        db.Deliveries.AddRange(Enumerable.Range(1, count).Select(i => new Delivery
        {
            Id = Guid.CreateVersion7(), EventId = @event.Id, EventName = @event.Name, WebhookId = webhookId, OrganizationId = App.OrganizationId,
            Status = DeliveryStatus.Pending, CreatedAt = @event.ReceivedAt, NextAttemptAt = @event.ReceivedAt, Sequence = 1000 + i,
        }));
        await db.SaveChangesAsync();
    }
}
