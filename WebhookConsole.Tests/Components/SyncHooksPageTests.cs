using Bunit;
using WebhookConsole.Components.Pages;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Webhooks;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Components;

/// <summary>The Sync hooks page and one call's page: empty, calls with their outcome, a call's attempts, unknown id.</summary>
public sealed class SyncHooksPageTests : ConsoleTestContext
{
    private ISyncHookInvoker Hooks => Services.GetRequiredService<ISyncHookInvoker>();

    [Fact]
    public void Render_NoCalls_ShowsTheEmptyState()
    {
        var page = Render<SyncHooks>();

        page.WaitForAssertion(() => Assert.Contains("No sync hook calls yet", page.Find(".empty-state").TextContent));
    }

    [Fact]
    public async Task Render_SucceededAndFailedCalls_ListsThemNewestFirstWithResultOrFailure()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await SubscribeAsync(receiver.Url);
        receiver.PostResponseBody = """{"roles":["admin"]}""";
        await Hooks.InvokeAsync(Organization.Id, "token_minted", "{}");
        for (var i = 0; i < 3; i++)
        {
            receiver.PostStatuses.Enqueue(500);
        }

        await Hooks.InvokeAsync(Organization.Id, "token_minted", "{}");

        var page = Render<SyncHooks>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tbody tr").Count));
        var rows = page.FindAll("tbody tr");
        Assert.Contains("failed", rows[0].QuerySelector(".status-badge")!.TextContent);
        Assert.Contains("failed after 3 attempts", rows[0].QuerySelector(".sync-result")!.TextContent);
        Assert.Contains("succeeded", rows[1].QuerySelector(".status-badge")!.TextContent);
        Assert.Equal("""{"roles":["admin"]}""", rows[1].QuerySelector(".sync-result")!.TextContent);
        Assert.All(rows, r => Assert.Equal("token_minted", r.QuerySelector("a")!.TextContent));
    }

    [Fact]
    public async Task Render_CallDetails_ShowsTheResultAndEachAttemptOfTheCalledWebhook()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await SubscribeAsync(receiver.Url);
        receiver.PostResponseBody = """{"tenant":"acme"}""";
        receiver.PostStatuses.Enqueue(502);
        var call = await Hooks.InvokeAsync(Organization.Id, "token_minted", "{}");

        var page = Render<SyncHookDetails>(p => p.Add(x => x.Id, call.InvocationId));

        page.WaitForAssertion(() => Assert.Equal("token_minted", page.Find("h1").TextContent));
        Assert.Equal("""{"tenant":"acme"}""", page.Find("pre.sync-result").TextContent);
        Assert.Equal("Token hook", page.Find("h3 a").TextContent);
        Assert.Equal(["502", "200"], page.FindAll("tr[data-attempt] td:nth-child(3)").Select(td => td.TextContent));
        Assert.Contains(page.FindAll("a"), a => a.GetAttribute("href")!.StartsWith("deliveries/", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_UnknownCall_SaysNotFound()
    {
        var page = Render<SyncHookDetails>(p => p.Add(x => x.Id, Guid.NewGuid()));

        page.WaitForAssertion(() => Assert.Equal("Sync hook call not found", page.Find("h1").TextContent));
    }

    private async Task SubscribeAsync(string url)
    {
        var created = await Webhooks.CreateAsync(Organization.Id, new WebhookInput
        {
            Name = "Token hook", TargetUrl = url, Format = WebhookFormat.Jwt, Channels = null,
            Triggers = [new TriggerInput(TriggerType.SyncHook, "token_minted")],
        });
        Assert.True(created.Succeeded);
    }
}
