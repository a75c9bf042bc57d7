using System.Globalization;
using Bunit;
using WebhookConsole.Components.Pages;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Scheduling;
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

    [Fact]
    public async Task Render_OpenCircuitAndSettings_ShowsTheSettingsTheBadgeSinceWhenAndTheNextProbe()
    {
        var created = await CreateAsync();
        await Webhooks.UpdateAsync(Organization.Id, created, new() { MaxInFlight = new(4), RateLimitPerSecond = new(1), Ordering = DeliveryOrdering.Fifo });
        var since = new DateTimeOffset(2026, 12, 2, 12, 0, 3, TimeSpan.Zero);
        await ChangeDatabaseAsync(db => db.EndpointStates.Add(new()
        {
            WebhookId = created, Circuit = CircuitState.Open, CircuitSince = since, NextProbeAt = since.AddSeconds(30),
        }));

        var page = Render<WebhookDetails>(p => p.Add(x => x.Id, created));

        page.WaitForAssertion(() => Assert.Equal("open", page.Find(".endpoint-delivery .circuit-badge").TextContent));
        Assert.Equal("since 2026-12-02 12:00:03 UTC · next probe at 2026-12-02 12:00:33 UTC", page.Find(".circuit-times").TextContent);
        Assert.Equal("4 requests at once", page.Find("[data-setting=max-in-flight]").TextContent);
        Assert.Equal("1 request a second", page.Find("[data-setting=rate-limit]").TextContent);
        Assert.StartsWith("FIFO", page.Find("[data-setting=ordering]").TextContent);
    }

    [Fact]
    public async Task Render_NoEndpointState_ShowsAClosedCircuitAndNoCaps()
    {
        var created = await CreateAsync();

        var page = Render<WebhookDetails>(p => p.Add(x => x.Id, created));

        page.WaitForAssertion(() => Assert.Equal("closed", page.Find(".endpoint-delivery .circuit-badge").TextContent));
        Assert.Empty(page.FindAll(".circuit-times"));
        Assert.StartsWith("No cap", page.Find("[data-setting=max-in-flight]").TextContent);
        Assert.Equal("No limit", page.Find("[data-setting=rate-limit]").TextContent);
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
