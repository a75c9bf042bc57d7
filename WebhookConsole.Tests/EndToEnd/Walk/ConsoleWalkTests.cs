using Microsoft.Playwright;
using WebhookConsole.Components.Layout;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Webhooks;
using WebhookConsole.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace WebhookConsole.Tests.EndToEnd.Walk;

/// <summary>
/// Issue 10's acceptance walk: every page of the console at 1400 and 820 px wide, light and dark, in one browser and one
/// app. Each view is screenshotted (<c>walk-{page}-{width}-{theme}.png</c>) and checked with <see cref="PageChecks"/>;
/// every problem of every view is reported at once.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsoleWalkTests(BrowserFixture browser) : RunningConsoleAppWithReceiver
{
    private static readonly string[] Themes = [ThemeToggle.Light, ThemeToggle.Dark];
    private static readonly int[] Widths = [1400, 820];

    private readonly List<string> problems = [];
    private int shots;
    private Uri site = null!;

    [Fact]
    public async Task EveryPage_AtBothWidthsInBothThemes_FitsItsCardsReadsWellAndMarksItsSection()
    {
        await WalkSetupAsync();

        site = BaseAddress;
        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await VisitAsync(context, page, "login", "login", null, ready: p => Expect(p.GetByRole(AriaRole.Heading, new() { Name = "Log in" })).ToBeVisibleAsync());
        await page.GetByLabel("Email").FillAsync(ConsoleApp.AdminEmail);
        await page.GetByLabel("Password").FillAsync(ConsoleApp.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Webhooks" })).ToBeVisibleAsync();
        await VisitAsync(context, page, "webhooks-empty", "", "Webhooks");

        var (websub, standard, jwt) = await AddWebhooksAndTrafficAsync();
        var delivery = (await App.Services.GetRequiredService<DeliveryLog>().ListAsync(App.OrganizationId, jwt)).First().Id;
        var hookCall = (await App.Services.GetRequiredService<SyncHookLog>().ListAsync(App.OrganizationId)).Single().Id;

        await VisitAsync(context, page, "webhooks", "", "Webhooks");
        await VisitAsync(context, page, "add-webhook-errors", "", "Webhooks", prepare: async p =>
        {
            await p.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();
            await p.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
            await Expect(p.Locator("#webhook-name-error")).ToHaveTextAsync("The name is required.");
        });
        await VisitAsync(context, page, "webhook-websub", $"webhooks/{websub}", "Webhooks");
        await VisitAsync(context, page, "webhook-standard", $"webhooks/{standard}", "Webhooks");
        await VisitAsync(context, page, "webhook-jwt", $"webhooks/{jwt}", "Webhooks");
        await VisitAsync(context, page, "edit-webhook", $"webhooks/{standard}", "Webhooks", prepare: async p =>
        {
            await p.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
            await Expect(p.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        });
        await VisitAsync(context, page, "deliveries", "deliveries", "Deliveries");
        await VisitAsync(context, page, "delivery", $"deliveries/{delivery}?attempt=1", "Deliveries", prepare: async p =>
        {
            // The attempt named in the address is the one shown, on its Request tab, and the one marked in the timeline.
            await Expect(p.Locator(".attempt-timeline a[aria-current]")).ToContainTextAsync("#1");
            await Expect(p.GetByRole(AriaRole.Tab, new() { Name = "Request" })).ToHaveAttributeAsync("aria-selected", "true");
            // The jwt webhook's retried delivery: the status with its reason phrase, the JWT body decoded, the raw one kept.
            await Expect(p.Locator(".attempt-timeline")).ToContainTextAsync("failed · HTTP 500 Internal Server Error");
            await Expect(p.Locator(".body-readable").First).ToContainTextAsync("JWT header");
            await Expect(p.GetByRole(AriaRole.Button, new() { Name = "Copy request body of attempt 1" })).ToBeVisibleAsync();
        });
        await VisitAsync(context, page, "sync-hooks", "sync-hooks", "Sync hooks");
        await VisitAsync(context, page, "sync-hook-call", $"sync-hooks/{hookCall}", "Sync hooks");
        await VisitAsync(context, page, "jobs", "jobs", "Jobs", prepare: async p =>
        {
            // Issue 10, defect 8: the node badge keeps the node id's case, and the table headers are opaque.
            Assert.Contains("this process · node-", await p.Locator(".dispatcher-badge").InnerTextAsync());
            // An opaque colour computes as rgb(…), a translucent one as rgba(…). Retried: the live page may re-render its
            // grid (and replace the header cell) while it is read.
            await Expect(p.Locator("table.rz-grid-table th").First).ToHaveCSSAsync("background-color", new System.Text.RegularExpressions.Regex(@"^rgb\("));
        });
        await VisitAsync(context, page, "event-types", "event-types/AuthenticationFailed_v1", "Event types");
        await VisitAsync(context, page, "signing-keys", "signing-keys", "Signing keys");
        await VisitAsync(context, page, "audit-log", "audit", "Audit log", prepare: async p =>
        {
            // The walk's own sign-in is in the log, with the operator and the address; the chain verifies.
            var signIn = p.Locator("tr", new() { HasText = "sign_in.succeeded" }).First;
            await Expect(signIn).ToContainTextAsync(ConsoleApp.AdminEmail);
            await Expect(signIn).ToContainTextAsync("operator · 127.0.0.1");
            await p.GetByRole(AriaRole.Button, new() { Name = "Verify chain" }).ClickAsync();
            await Expect(p.Locator(".audit-verification")).ToContainTextAsync("The chain is unbroken");
        });
        await VisitAsync(context, page, "settings", "settings", "Settings");
        var erased = await EraseAPersonAsync();
        await VisitAsync(context, page, "delivery-erased", $"deliveries/{erased}", "Deliveries",
            prepare: p => Expect(p.Locator(".bodies-removed")).ToContainTextAsync("request and response bodies removed"));
        await VisitAsync(context, page, "erasure-confirm", "settings", "Settings", prepare: async p =>
        {
            await p.GetByLabel("Person id").FillAsync("p-nobody");
            await p.GetByRole(AriaRole.Button, new() { Name = "Erase…" }).ClickAsync();
            await Expect(p.GetByRole(AriaRole.Dialog)).ToContainTextAsync("p-nobody");
        });
        await VisitAsync(context, page, "erasure-report", "settings", "Settings", prepare: async p =>
        {
            await p.GetByLabel("Person id").FillAsync("p-nobody");
            await p.GetByRole(AriaRole.Button, new() { Name = "Erase…" }).ClickAsync();
            await p.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Erase" }).ClickAsync();
            await Expect(p.Locator(".erasure-report")).ToContainTextAsync("Erased 0 events");
            await p.Locator(".erasure-report").ScrollIntoViewIfNeededAsync();
        });

        Assert.True(shots >= 36, $"only {shots} views were shot");
        Assert.True(problems.Count == 0, $"{problems.Count} problems:\n" + string.Join("\n", problems));
    }

    // The setup page needs an app that is not set up yet: the one extra app start of the walk.
    private async Task WalkSetupAsync()
    {
        await using var fresh = new ConsoleApp(new Dictionary<string, string?>
        {
            ["Bootstrap:AdminEmail"] = "", ["Bootstrap:AdminPassword"] = "", ["Bootstrap:OrganizationId"] = "",
            ["Bootstrap:OrganizationHandle"] = "", ["Bootstrap:ApiKey"] = "",
        });
        site = fresh.Start();
        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = site.ToString() });
        var page = await context.NewPageAsync();
        await VisitAsync(context, page, "setup-errors", "setup", null, prepare: async p =>
        {
            await p.GetByLabel("Password").FillAsync("short");
            await p.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
            await Expect(p.Locator("#password-error")).Not.ToBeEmptyAsync();
        }, ready: p => Expect(p.GetByRole(AriaRole.Heading, new() { Name = "Set up WebhookConsole" })).ToBeVisibleAsync());
    }

    private async Task<(Guid WebSub, Guid Standard, Guid Jwt)> AddWebhooksAndTrafficAsync()
    {
        var webhooks = App.Services.GetRequiredService<WebhookService>();
        var websub = (await CreateAsync(webhooks, new()
        {
            Name = "Customer identity events for the EMEA production tenant",
            Description = "Logins of every customer application, forwarded to the security team's collector",
            TargetUrl = Receiver.Url.TrimEnd('/') + "/collectors/identity/emea-production/logins-and-registrations",
            Format = WebhookFormat.WebSub,
            Channels = ["login"],
        }));
        var standard = (await CreateAsync(webhooks, new()
        {
            Name = "Audit sink",
            Description = "Registrations for the audit trail",
            TargetUrl = Receiver.Url.TrimEnd('/') + "/audit",
            Format = WebhookFormat.Standard,
            Timeout = "5s",
            CustomHeaders = new() { ["X-Api-Key"] = ["receiver-credential-1234"] },
            Channels = ["registration"],
        }));
        var jwt = (await CreateAsync(webhooks, new()
        {
            Name = "Token enricher",
            TargetUrl = Receiver.Url.TrimEnd('/') + "/tokens",
            Format = WebhookFormat.Jwt,
            Channels = ["session"],
            Triggers = [new(TriggerType.Event, "AuthenticationFailed_v1"), new(TriggerType.SyncHook, "token_minted")],
        }));
        foreach (var id in new[] { websub, standard, jwt })
        {
            await webhooks.SetActiveAsync(App.OrganizationId, id, true);
        }

        using var api = App.CreateApiClient(BaseAddress);
        await api.SendJsonAsync(HttpMethod.Post, "events", """{"event_name": "PersonCreated_v1", "payload": {"person_id": "p-1"}}""");
        await Receiver.NextPostAsync();
        Receiver.PostStatuses.Enqueue(500);
        Receiver.PostStatuses.Enqueue(500);
        await api.SendJsonAsync(HttpMethod.Post, "events", """{"event_name": "AuthenticationFailed_v1", "payload": {"reason": "wrong password"}}""");
        await Receiver.NextPostAsync();
        Receiver.PostResponseBody = """{"roles":["admin"]}""";
        await api.SendJsonAsync(HttpMethod.Post, "hooks/token_minted", """{"person_id":"p1"}""");
        return (websub, standard, jwt);
    }

    // A registration delivered to the standard webhook, then its person erased: the delivery page's erased view.
    private async Task<Guid> EraseAPersonAsync()
    {
        using var api = App.CreateApiClient(BaseAddress);
        await api.SendJsonAsync(HttpMethod.Post, "events", """{"event_name": "PersonCreated_v1", "payload": {"person_id": "p-erased", "claims": {"email": "erased@example.org"}}}""");
        await Receiver.NextPostAsync();
        var report = await api.SendJsonAsync(HttpMethod.Post, "erasure", """{"person_id": "p-erased"}""");
        Assert.Equal(1, (await report.ReadResultAsync(System.Net.HttpStatusCode.OK)).GetProperty("events").GetInt32());
        return (await App.Services.GetRequiredService<DeliveryLog>().ListAsync(App.OrganizationId)).First().Id;
    }

    private async Task<Guid> CreateAsync(WebhookService webhooks, WebhookInput input)
    {
        var result = await webhooks.CreateAsync(App.OrganizationId, input);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Message)));
        return result.Value!.Webhook.Id;
    }

    /// <summary>
    /// Loads <paramref name="path"/> afresh for each theme, at each width, waits until it is ready (the circuit is up, or
    /// <paramref name="ready"/>), runs <paramref name="prepare"/>, checks the page and shoots it.
    /// </summary>
    private async Task VisitAsync(IBrowserContext context, IPage page, string name, string path, string? nav,
        Func<IPage, Task>? prepare = null, Func<IPage, Task>? ready = null)
    {
        foreach (var theme in Themes)
        {
            // One load per theme; the narrow view is the same page resized, as an operator narrowing the window sees it.
            await context.AddCookiesAsync([new Cookie { Name = ThemeToggle.CookieName, Value = theme, Url = site.ToString() }]);
            await page.SetViewportSizeAsync(Widths[0], 900);
            await page.GotoAsync(path);
            if (ready is not null)
            {
                await ready(page);
            }
            else
            {
                await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Dark theme" })).ToBeEnabledAsync();
            }

            if (prepare is not null)
            {
                await prepare(page);
            }

            foreach (var width in Widths)
            {
                await page.SetViewportSizeAsync(width, 900);
                // Two animation frames: the resize's layout and whatever the layout's own scripts change after it.
                await page.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
                // The theme's stylesheet is re-linked when the circuit starts; measure once every stylesheet is in.
                await page.WaitForFunctionAsync("() => [...document.querySelectorAll('link[rel=stylesheet]')].every(l => l.sheet)");
                var variant = $"{name}-{width}-{(theme == ThemeToggle.Dark ? "dark" : "light")}";
                problems.AddRange((await PageChecks.ProblemsAsync(page, nav)).Select(p => $"{variant}: {p}"));
                await page.ShotAsync($"walk-{variant}");
                shots++;
            }
        }
    }
}
