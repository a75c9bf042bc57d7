using Bunit;
using WebhookConsole.Components.Pages;
using WebhookConsole.Hosting;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Components;

/// <summary>Settings → Notification channels, for a platform operator: masked settings and a test send to a real loopback receiver.</summary>
public sealed class NotificationsSectionTests : ConsoleTestContext, IClassFixture<ReceiverFixture>
{
    private const string SlackUrl = "http://127.0.0.1:9/services/T000/B000/slack-secret-token";
    private readonly TestReceiver receiver;

    public NotificationsSectionTests(ReceiverFixture fixture)
        : base(role: OperatorRoles.Platform, settings: new Dictionary<string, string?>
        {
            ["Notifications:Webhook:Url"] = fixture.Receiver.Url,
            ["Notifications:Webhook:Secret"] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            ["Notifications:Slack:WebhookUrl"] = SlackUrl,
            ["Notifications:Email:Host"] = "smtp.example.com",
            ["Notifications:Email:From"] = "hub@example.com",
            ["Notifications:Email:To"] = "oncall@example.com",
            ["Notifications:Email:UserName"] = "hub",
            ["Notifications:Email:Password"] = "smtp-password-secret",
        })
    {
        receiver = fixture.Receiver;
    }

    [Fact]
    public void Render_Configured_ShowsEveryChannelWithoutSecrets()
    {
        var page = Render<Settings>();

        page.WaitForAssertion(() => Assert.Contains("smtp.example.com:587", page.Find("tr[data-channel='Email']").TextContent));
        Assert.Contains("http://127.0.0.1:9/****oken", page.Find("tr[data-channel='Slack']").TextContent);
        Assert.DoesNotContain("slack-secret-token", page.Markup);
        Assert.DoesNotContain("smtp-password-secret", page.Markup);
        Assert.DoesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", page.Markup);
    }

    [Fact]
    public async Task SendTest_Webhook_TheReceiverGetsItAndTheOutcomeIsShown()
    {
        var page = Render<Settings>();
        page.WaitForAssertion(() => page.Find("button[aria-label='Send test notification to Operational webhook (standard)']"));

        page.Find("button[aria-label='Send test notification to Operational webhook (standard)']").Click();

        var post = await receiver.NextPostAsync();
        Assert.Contains("\"type\":\"test\"", post.BodyText);
        // The hub's channels serve every organization: the notification names whose it is.
        Assert.Matches("\"organization_handle\":\"[a-z0-9-]+\"", post.BodyText);
        page.WaitForAssertion(() => Assert.Equal("Sent: the endpoint answered 200.", page.Find("[data-outcome='Webhook']").TextContent));
    }
}

/// <summary>An organization's own admin: the hub's channels are the platform's, not shown and not tested from here.</summary>
public sealed class NotificationsSectionOrganizationAdminTests() : ConsoleTestContext(role: OperatorRoles.Admin, settings: new Dictionary<string, string?>
{
    ["Notifications:Slack:WebhookUrl"] = "https://hooks.slack.com/services/T000/B000/secret",
})
{
    [Fact]
    public void Render_OrganizationAdmin_SeesNeitherThePlatformsChannelsNorATestSend()
    {
        var page = Render<Settings>();

        page.WaitForAssertion(() => Assert.Contains("your platform operators manage", page.Find("[data-notifications='platform']").TextContent));
        Assert.Empty(page.FindAll("tr[data-channel]"));
        Assert.DoesNotContain("hooks.slack.com", page.Markup);
    }
}

/// <summary>One loopback receiver shared by a test class, disposed after it.</summary>
public sealed class ReceiverFixture : IAsyncLifetime
{
    public TestReceiver Receiver { get; private set; } = null!;

    public async Task InitializeAsync() => Receiver = await TestReceiver.StartAsync();

    public async Task DisposeAsync() => await Receiver.DisposeAsync();
}
