using System.Globalization;
using Bunit;
using WebhookConsole.Components.Pages;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Components;

public sealed class WebhookDetailsTests : ConsoleTestContext, IAsyncLifetime
{
    private TestReceiver receiver = null!;

    public async Task InitializeAsync() => receiver = await TestReceiver.StartAsync();

    public new async Task DisposeAsync() => await receiver.DisposeAsync();

    [Fact]
    public async Task Render_NewWebhook_ShowsSwitchOffAndDeleteEnabled()
    {
        var created = await CreateAsync();

        var page = Render<WebhookDetails>(p => p.Add(x => x.Id, created));

        page.WaitForAssertion(() => Assert.Equal("Test webhook", page.Find("h1").TextContent));
        Assert.Equal("Active", page.Find("input[aria-label=Active]").GetAttribute("aria-label"));
        Assert.Null(page.Find("input[aria-label=Active]").GetAttribute("checked"));
        Assert.Contains("not verified", page.Find("[data-channel=login]").TextContent);
        Assert.False(page.FindAll("button").Single(b => b.TextContent.Contains("Delete")).HasAttribute("disabled"));
    }

    [Fact]
    public async Task VerificationFinishes_PageShowsAcceptedWithoutReload()
    {
        var created = await CreateAsync();
        await Webhooks.SetActiveAsync(Organization.Id, created, true);
        var page = Render<WebhookDetails>(p => p.Add(x => x.Id, created));
        page.WaitForAssertion(() => Assert.Contains("pending", page.Find("[data-channel=login]").TextContent));
        Assert.True(page.FindAll("button").Single(b => b.TextContent.Contains("Delete")).HasAttribute("disabled"));

        var before = DateTimeOffset.UtcNow;
        await Verification.RunPendingAsync(CancellationToken.None);
        var after = DateTimeOffset.UtcNow;

        page.WaitForAssertion(() => Assert.Contains("accepted", page.Find("[data-channel=login]").TextContent));
        Assert.Contains("active", page.Find(".page-header").TextContent);
        var checkedAt = ShownTime(page.Find("[data-channel=login] .channel-checked").TextContent, "last verification ");
        Assert.InRange(checkedAt, before.AddTicks(-(before.Ticks % TimeSpan.TicksPerMinute)), after);
        var lease = ShownTime(page.Find("[data-channel=login] .channel-lease").TextContent, "lease until ");
        Assert.True(lease > after, $"lease {lease:O} should run out after the verification at {after:O}");
        Assert.False(page.FindAll("button").Single(b => b.TextContent.Contains("Send test event")).HasAttribute("disabled"));
    }

    [Fact]
    public async Task VerificationFails_PageShowsErrorWithReasonAndResendSubscription()
    {
        receiver.AnswerVerification = _ => (200, "not the challenge");
        var created = await CreateAsync();
        await Webhooks.SetActiveAsync(Organization.Id, created, true);
        var page = Render<WebhookDetails>(p => p.Add(x => x.Id, created));

        await Verification.RunPendingAsync(CancellationToken.None);

        page.WaitForAssertion(() => Assert.Contains("error", page.Find("[data-channel=login]").TextContent));
        Assert.Contains("body was not the hub.challenge", page.Find("[data-channel=login] .channel-error").TextContent);
        Assert.Contains(page.FindAll("button"), b => b.TextContent.Contains("Resend subscription"));
    }

    private static DateTimeOffset ShownTime(string text, string prefix)
    {
        Assert.StartsWith(prefix, text.Trim());
        return DateTimeOffset.ParseExact(text.Trim()[prefix.Length..], "yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }

    private async Task<Guid> CreateAsync()
    {
        var result = await Webhooks.CreateAsync(Organization.Id, new() { Name = "Test webhook", TargetUrl = receiver.Url, Channels = ["login"] });
        return result.Value!.Webhook.Id;
    }
}
