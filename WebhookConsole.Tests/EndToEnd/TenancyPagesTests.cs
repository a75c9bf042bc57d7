using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using WebhookConsole.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace WebhookConsole.Tests.EndToEnd;

/// <summary>
/// Issue 12's walk in Chromium: a platform admin creates two organizations and an admin for each; each admin sees only
/// their own webhooks and deliveries; a portal link for the first, opened in an iframe on a tenant's site on another
/// loopback origin, shows its deliveries and redelivers one; once revoked, the link is refused.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TenancyPagesTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Password = "Correct-Horse-44";
    private FramingSite site = null!;
    private TestReceiver receiver = null!;
    private ConsoleApp app = null!;
    private Uri baseAddress = null!;

    public async Task InitializeAsync()
    {
        site = await FramingSite.StartAsync();
        receiver = await TestReceiver.StartAsync();
        app = new ConsoleApp(new Dictionary<string, string?> { ["Portal:AllowedFrameAncestors"] = site.OriginText });
        baseAddress = app.Start();
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await receiver.DisposeAsync();
        await site.DisposeAsync();
    }

    [Fact]
    public async Task PlatformAdmin_CreatesTwoOrganizationsWithAdmins_EachSeesOnlyItsOwn_PortalInAnIframeRedeliversUntilRevoked()
    {
        var (platformContext, page) = await browser.LogInAsync(baseAddress);
        await page.GetByRole(AriaRole.Link, new() { Name = "Organizations" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Organizations" })).ToBeVisibleAsync();
        foreach (var handle in new[] { "acme", "globex" })
        {
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Create organization" })).ToBeEnabledAsync();
            await page.Locator("#organization-handle").FillAsync(handle);
            await page.Locator("#organization-name").FillAsync($"{char.ToUpperInvariant(handle[0])}{handle[1..]} Inc.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Create organization" }).ClickAsync();
            await Expect(page.Locator($"tr[data-organization='{handle}']")).ToBeVisibleAsync();
        }

        // Bad input names the field and creates nothing.
        await page.Locator("#organization-handle").FillAsync("Not A Handle");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create organization" }).ClickAsync();
        await Expect(page.Locator("#organization-handle-error")).ToContainTextAsync("The organization handle must be 1 to 63 lowercase letters");
        await page.Locator("#organization-handle").FillAsync("");
        await page.ShotsAsync("organizations");

        foreach (var handle in new[] { "acme", "globex" })
        {
            await page.GotoAsync("organizations");
            await page.GetByRole(AriaRole.Button, new() { Name = $"Open {handle}" }).ClickAsync();
            await Expect(page.Locator("#organization-switcher")).ToHaveValueAsync(await OrganizationIdAsync(handle));
            await page.GotoAsync("settings");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add operator" })).ToBeEnabledAsync();
            await page.Locator("#operator-email").FillAsync($"admin@{handle}.example");
            await page.PickAsync("Role", "admin");
            await page.Locator("#operator-password").FillAsync(Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Add operator" }).ClickAsync();
            await Expect(page.Locator($"tr[data-operator='admin@{handle}.example']")).ToBeVisibleAsync();
        }

        await page.ShotsAsync("organization-switcher");
        // At 820 px the header drops the operator's name but keeps the switcher, compact, within the page's width.
        await page.SetViewportSizeAsync(820, 900);
        await Expect(page.Locator("#organization-switcher")).ToBeVisibleAsync();
        await Expect(page.Locator(".organization-switcher").GetByRole(AriaRole.Button, new() { Name = "Switch" })).ToBeVisibleAsync();
        await Expect(page.Locator(".console-user")).ToBeHiddenAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= innerWidth"), "the header runs past 820 px");
        await platformContext.CloseAsync();

        // Each organization gets a webhook and a delivered event through its own API key.
        var webhooks = new Dictionary<string, string>();
        foreach (var handle in new[] { "acme", "globex" })
        {
            using var client = await OrganizationClientAsync(handle);
            var webhook = await client.CreateSubscribedWebhookAsync($"{receiver.Url}/{handle}", "jwt", "PersonCreated_v1");
            webhooks[handle] = webhook.GetProperty("id").GetString()!;
            await (await client.SendJsonAsync(HttpMethod.Post, $"organizations/webhooks/{webhooks[handle]}/activate")).ReadResultAsync(HttpStatusCode.OK);
            await (await client.SendJsonAsync(HttpMethod.Post, "events", """{"event_name": "PersonCreated_v1", "payload": {"person_id": "p1"}}""")).ReadResultAsync(HttpStatusCode.Accepted);
            await receiver.NextPostAsync();
        }

        foreach (var (handle, other) in new[] { ("acme", "globex"), ("globex", "acme") })
        {
            var (context, adminPage) = await browser.LogInAsync(baseAddress, $"admin@{handle}.example", Password);
            // Links to the webhook's page: the list breaks long URLs with invisible break opportunities.
            await Expect(adminPage.Locator($"a[href='webhooks/{webhooks[handle]}']")).ToBeVisibleAsync();
            await Expect(adminPage.Locator($"a[href='webhooks/{webhooks[other]}']")).ToHaveCountAsync(0);
            await Expect(adminPage.GetByRole(AriaRole.Link, new() { Name = "Organizations" })).ToHaveCountAsync(0);
            await adminPage.GotoAsync("deliveries");
            await Expect(adminPage.Locator($"a[href='webhooks/{webhooks[handle]}']").First).ToBeVisibleAsync();
            await Expect(adminPage.Locator($"a[href='webhooks/{webhooks[other]}']")).ToHaveCountAsync(0);
            var organizations = await adminPage.GotoAsync("organizations");
            Assert.Equal((int)HttpStatusCode.NotFound, organizations!.Status);
            if (handle == "globex")
            {
                await context.CloseAsync();
                continue;
            }

            // Acme's admin makes a portal link for Acme's developers.
            await adminPage.GotoAsync("settings");
            await Expect(adminPage.GetByRole(AriaRole.Button, new() { Name = "Create portal link" })).ToBeEnabledAsync();
            await adminPage.Locator("#portal-link-name").FillAsync("acme developers");
            await adminPage.GetByRole(AriaRole.Button, new() { Name = "Create portal link" }).ClickAsync();
            var portalUrl = await adminPage.Locator("#portal-link-url").InputValueAsync();
            Assert.StartsWith(baseAddress + "portal/whp_", portalUrl, StringComparison.Ordinal);
            await adminPage.ShotsAsync("portal-links", p => p.Locator("[aria-label='Create portal link']").ScrollIntoViewIfNeededAsync());

            // On the tenant's own site, in an iframe: Acme's delivery, redelivered.
            var tenantPage = await context.NewPageAsync();
            await tenantPage.GotoAsync($"{site.OriginText}/?portal={Uri.EscapeDataString(portalUrl)}");
            var portal = tenantPage.FrameLocator("iframe[title='Webhooks portal']");
            await Expect(portal.GetByRole(AriaRole.Heading, new() { Name = "Acme Inc. webhooks" })).ToBeVisibleAsync();
            await Expect(portal.Locator($"tr[data-webhook='{webhooks["acme"]}']")).ToBeVisibleAsync();
            await Expect(portal.Locator($"tr[data-webhook='{webhooks["globex"]}']")).ToHaveCountAsync(0);
            var redeliver = portal.GetByRole(AriaRole.Button, new() { Name = $"Redeliver PersonCreated_v1 to jwt {receiver.Url}/acme" });
            await Expect(redeliver).ToBeEnabledAsync();
            await redeliver.ClickAsync();
            await Expect(portal.GetByText("Queued PersonCreated_v1 for redelivery")).ToBeVisibleAsync();
            var redelivered = await receiver.NextPostAsync();
            Assert.EndsWith("/acme", redelivered.PathAndQuery, StringComparison.Ordinal);
            foreach (var width in new[] { 1400, 820 })
            {
                await tenantPage.SetViewportSizeAsync(width, 1000);
                await tenantPage.ShotAsync($"portal-in-iframe-{width}-light");
            }

            // Revoked: the link is refused at once, in the frame and over HTTP.
            await adminPage.GetByRole(AriaRole.Button, new() { Name = "Revoke portal link acme developers" }).ClickAsync();
            await adminPage.GetByRole(AriaRole.Button, new() { Name = "Revoke", Exact = true }).ClickAsync();
            await Expect(adminPage.Locator("tr[data-portal-link='acme developers']")).ToContainTextAsync("revoked");
            await tenantPage.ReloadAsync();
            await Expect(portal.GetByRole(AriaRole.Heading, new() { Name = "This portal link is not valid" })).ToBeVisibleAsync();
            using var anonymous = new HttpClient();
            Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.GetAsync(portalUrl)).StatusCode);
            await context.CloseAsync();
        }
    }

    private async Task<string> OrganizationIdAsync(string handle)
    {
        using var platform = ConsoleApp.CreatePlatformClient(baseAddress);
        var organizations = await (await platform.GetAsync("platform/organizations")).ReadResultAsync(HttpStatusCode.OK);
        return organizations.EnumerateArray().Single(o => o.GetProperty("handle").GetString() == handle).GetProperty("id").GetString()!;
    }

    private async Task<HttpClient> OrganizationClientAsync(string handle)
    {
        var id = await OrganizationIdAsync(handle);
        using var platform = ConsoleApp.CreatePlatformClient(baseAddress);
        var key = await (await platform.SendJsonAsync(HttpMethod.Post, $"platform/organizations/{id}/api-keys", JsonSerializer.Serialize(new { name = handle })))
            .ReadResultAsync(HttpStatusCode.Created);
        return ConsoleApp.CreateApiClient(baseAddress, Guid.Parse(id), key.GetProperty("key").GetString()!);
    }
}
