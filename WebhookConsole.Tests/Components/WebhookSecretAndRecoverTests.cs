using Bunit;
using Radzen.Blazor;
using WebhookConsole.Components.Pages;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Components;

/// <summary>The webhook page's Rotate secret and Recover dialogs.</summary>
public sealed class WebhookSecretAndRecoverTests : ConsoleTestContext, IAsyncLifetime
{
    private TestReceiver receiver = null!;

    public async Task InitializeAsync() => receiver = await TestReceiver.StartAsync();

    public new async Task DisposeAsync() => await receiver.DisposeAsync();

    [Fact]
    public async Task Render_JwtWebhook_OffersNoSecretRotation()
    {
        var id = await CreateAsync(WebhookFormat.Jwt);

        var page = Render<WebhookDetails>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.Equal("Test webhook", page.Find("h1").TextContent));
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Contains("Rotate secret"));
    }

    [Fact]
    public async Task RotateSecret_StandardWebhookGenerated_ShowsTheNewSecretOnceThenOnlyItsMask()
    {
        var id = await CreateAsync(WebhookFormat.Standard);
        var dialogs = Render<RadzenDialog>();
        var page = Render<WebhookDetails>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => page.FindAll("button").Single(b => b.TextContent.Contains("Rotate secret")));

        page.FindAll("button").Single(b => b.TextContent.Contains("Rotate secret")).Click();
        dialogs.WaitForAssertion(() => Assert.Equal("24", dialogs.Find("#rotate-grace").GetAttribute("value")));
        dialogs.Find("form").Submit();
        dialogs.WaitForAssertion(() => dialogs.Find("#rotated-secret"));
        var secret = dialogs.Find("#rotated-secret").TextContent;
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Done").Click();

        Assert.StartsWith("whsec_", secret);
        page.WaitForAssertion(() => Assert.Contains("Secret rotated.", page.Find(".rz-alert").TextContent));
        Assert.Contains("****" + secret[^4..], page.Find(".secret-row").TextContent);
        Assert.DoesNotContain(secret, page.Markup);
        Assert.DoesNotContain(secret, dialogs.Markup);
        var stored = (await Webhooks.GetAsync(Organization.Id, id))!;
        Assert.NotNull(stored.PreviousSecretExpiresAt);
    }

    [Fact]
    public async Task RotateSecret_TooShortSecret_ShowsTheRuleAndKeepsTheSecret()
    {
        var id = await CreateAsync(WebhookFormat.WebSub);
        var before = (await Webhooks.GetAsync(Organization.Id, id))!.MaskedSecret;
        var dialogs = Render<RadzenDialog>();
        var page = Render<WebhookDetails>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => page.FindAll("button").Single(b => b.TextContent.Contains("Rotate secret")));

        page.FindAll("button").Single(b => b.TextContent.Contains("Rotate secret")).Click();
        dialogs.WaitForAssertion(() => dialogs.Find("#rotate-secret"));
        Assert.Empty(dialogs.FindAll("#rotate-grace"));
        dialogs.Find("#rotate-secret").Change("short");
        dialogs.Find("form").Submit();

        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.Find("#rotate-secret-error").TextContent));
        Assert.Empty(dialogs.FindAll("#rotated-secret"));
        Assert.Equal(before, (await Webhooks.GetAsync(Organization.Id, id))!.MaskedSecret);
    }

    [Fact]
    public async Task Recover_ActiveWebhookWithoutFailures_SaysThereIsNothingToRecover()
    {
        var id = await CreateAsync(WebhookFormat.Standard);
        await Webhooks.SetActiveAsync(Organization.Id, id, true);
        var dialogs = Render<RadzenDialog>();
        var page = Render<WebhookDetails>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.False(page.FindAll("button").Single(b => b.TextContent.Contains("Recover")).HasAttribute("disabled")));

        page.FindAll("button").Single(b => b.TextContent.Contains("Recover")).Click();
        dialogs.WaitForAssertion(() => dialogs.Find("#recover-since"));
        dialogs.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Contains("No failed deliveries since then", page.Find(".rz-alert").TextContent));
    }

    [Fact]
    public async Task Recover_FutureTime_ShowsTheRuleInTheDialog()
    {
        var id = await CreateAsync(WebhookFormat.Standard);
        await Webhooks.SetActiveAsync(Organization.Id, id, true);
        var dialogs = Render<RadzenDialog>();
        var page = Render<WebhookDetails>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.False(page.FindAll("button").Single(b => b.TextContent.Contains("Recover")).HasAttribute("disabled")));

        page.FindAll("button").Single(b => b.TextContent.Contains("Recover")).Click();
        dialogs.WaitForAssertion(() => dialogs.Find("#recover-since"));
        dialogs.Find("#recover-since").Change(DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd HH:mm"));
        dialogs.Find("form").Submit();

        dialogs.WaitForAssertion(() => Assert.Equal("The since time must not be in the future.", dialogs.Find("#recover-since-error").TextContent));
    }

    private async Task<Guid> CreateAsync(WebhookFormat format)
    {
        var result = await Webhooks.CreateAsync(Organization.Id, new() { Name = "Test webhook", TargetUrl = receiver.Url, Format = format, Channels = ["login"] });
        return result.Value!.Webhook.Id;
    }
}
