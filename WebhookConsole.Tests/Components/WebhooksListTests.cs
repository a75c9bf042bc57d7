using Bunit;
using WebhookConsole.Components.Pages;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Webhooks;
using WebhookConsole.Engine.Scheduling;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Components;

/// <summary>The webhooks list page: empty, rows with their last result and rate, search and filters.</summary>
public sealed class WebhooksListTests : ConsoleTestContext
{
    [Fact]
    public void Render_NoWebhooks_ShowsTheEmptyStateAndLabelledFilters()
    {
        var page = Render<Webhooks>();

        page.WaitForAssertion(() => Assert.Contains("No webhooks yet", page.Find(".empty-state").TextContent));
        Assert.Equal("webhook-search", page.Find("label:contains('Search')").GetAttribute("for"));
        Assert.Equal("webhook-status-filter", page.Find("label:contains('Status')").GetAttribute("for"));
        Assert.Equal("webhook-format-filter", page.Find("label:contains('Format')").GetAttribute("for"));
        Assert.Empty(page.FindAll("select"));
        Assert.Equal(["Status", "Format"], page.FindAll(".list-filters .rz-dropdown").Select(d => d.GetAttribute("aria-label")));
    }

    [Fact]
    public async Task Render_WebhooksWithoutDeliveries_ShowsEachRowWithNoResultAndADash()
    {
        await CreateAsync("Logins", "https://logins.example.com/hook", WebhookFormat.WebSub);
        await CreateAsync("Audit", "https://audit.example.com/hook", WebhookFormat.Jwt);

        var page = Render<Webhooks>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tbody tr").Count));
        var audit = page.FindAll("tbody tr").Single(r => r.TextContent.Contains("Audit"));
        Assert.Contains("https://audit.example.com/hook", audit.TextContent);
        Assert.Contains("jwt", audit.TextContent);
        Assert.Contains("active", audit.QuerySelector(".rz-badge")?.TextContent ?? audit.TextContent);
        Assert.Contains("none yet", audit.TextContent);
        Assert.Equal("—", audit.QuerySelector(".success-rate")!.TextContent);
    }

    [Fact]
    public async Task Search_And_FormatFilter_NarrowTheRowsAndSayWhenNothingMatches()
    {
        await CreateAsync("Logins", "https://logins.example.com/hook", WebhookFormat.WebSub);
        await CreateAsync("Audit", "https://audit.example.com/hook", WebhookFormat.Jwt);
        var page = Render<Webhooks>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tbody tr").Count));

        await page.Find("#webhook-search").InputAsync(new() { Value = "AUDIT" });
        page.WaitForAssertion(() => Assert.Contains("Audit", Assert.Single(page.FindAll("tbody tr")).TextContent));

        page.Pick("webhook-format-filter", "websub");
        page.WaitForAssertion(() => Assert.Equal("No webhook matches these filters.", page.Find(".empty-state").TextContent.Trim()));

        await page.Find("#webhook-search").InputAsync(new() { Value = "" });
        page.WaitForAssertion(() => Assert.Contains("Logins", Assert.Single(page.FindAll("tbody tr")).TextContent));
    }

    [Fact]
    public async Task StatusFilter_Active_ShowsOnlySwitchedOnWebhooks()
    {
        var jwt = await CreateAsync("Audit", "https://audit.example.com/hook", WebhookFormat.Jwt);
        await CreateAsync("Logins", "https://logins.example.com/hook", WebhookFormat.WebSub);
        Assert.Equal(WebhookStatus.Active, (await Webhooks.GetAsync(Organization.Id, jwt))!.Status);
        var page = Render<Webhooks>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tbody tr").Count));

        page.Pick("webhook-status-filter", "active");

        page.WaitForAssertion(() => Assert.Contains("Audit", Assert.Single(page.FindAll("tbody tr")).TextContent));
    }

    [Fact]
    public async Task Render_OpenAndHalfOpenCircuits_BadgesThoseWebhooksOnly()
    {
        var down = await CreateAsync("Down", "https://down.example.com/hook", WebhookFormat.Jwt);
        var probing = await CreateAsync("Probing", "https://probing.example.com/hook", WebhookFormat.Jwt);
        await CreateAsync("Healthy", "https://healthy.example.com/hook", WebhookFormat.Jwt);
        await ChangeDatabaseAsync(db =>
        {
            db.EndpointStates.Add(new() { WebhookId = down, Circuit = CircuitState.Open });
            db.EndpointStates.Add(new() { WebhookId = probing, Circuit = CircuitState.HalfOpen });
        });

        var page = Render<Webhooks>();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("tbody tr").Count));
        Assert.Equal(["Down circuit open", "Probing circuit half open", "Healthy"],
            page.FindAll("tbody tr td:first-child").Select(c => string.Join(' ', c.TextContent.Split(default(char[]), StringSplitOptions.RemoveEmptyEntries))));
    }

    private async Task<Guid> CreateAsync(string name, string url, WebhookFormat format)
    {
        var result = await Webhooks.CreateAsync(Organization.Id, new WebhookInput { Name = name, TargetUrl = url, Format = format, Channels = ["login"] });
        Assert.True(result.Succeeded);
        return result.Value!.Webhook.Id;
    }
}
