using System.Net;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Webhooks;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine.Security;

/// <summary>Outbound requests with <c>Delivery:AllowInsecureTargets</c> off: only public addresses are ever connected.</summary>
public sealed class SsrfTests : IAsyncLifetime
{
    private const string Host = "hooks.example.test";
    private static readonly IPAddress PublicAddress = IPAddress.Parse("93.184.216.34");
    private readonly FakeHostResolver dns = new();
    private EngineHost engine = null!;
    private TestReceiver receiver = null!;

    public async Task InitializeAsync()
    {
        engine = await EngineHost.StartAsync(settings: new Dictionary<string, string?> { ["Delivery:AllowInsecureTargets"] = "false" }, resolver: dns);
        receiver = await TestReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await receiver.DisposeAsync();
        await engine.DisposeAsync();
    }

    private string TargetUrl => $"https://{Host}:{new Uri(receiver.Url).Port}/hook";

    [Fact]
    public async Task Dispatch_HostRebindsToLoopbackAfterSave_RefusesTheConnectionAndRecordsWhy()
    {
        dns.Hosts[Host] = [PublicAddress];
        var created = await CreateAsync(WebhookFormat.Jwt);
        dns.Hosts[Host] = [IPAddress.Loopback];

        await engine.Publisher.PublishAsync(new(engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));
        Assert.Equal(1, await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None));

        var attempt = await SingleAttemptAsync(created.Webhook.Id);
        Assert.Equal(AttemptError.Connection, attempt.Error);
        Assert.Contains("127.0.0.1 is not allowed", attempt.ErrorMessage);
        Assert.Contains("loopback", attempt.ErrorMessage);
        Assert.Empty(receiver.AllPosts);
    }

    [Fact]
    public async Task Dispatch_StoredTargetIsLocalhostResolvedByRealDns_RefusesTheConnection()
    {
        var created = await CreateAsync(WebhookFormat.Jwt);
        await using (var db = await engine.CreateDbContextAsync())
        {
            // The row is written directly, as if the save-time rules had been passed some other way.
            await db.Webhooks.Where(w => w.Id == created.Webhook.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(w => w.TargetUrl, $"http://localhost:{new Uri(receiver.Url).Port}/hook"));
        }

        await engine.Publisher.PublishAsync(new(engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));
        Assert.Equal(1, await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None));

        var attempt = await SingleAttemptAsync(created.Webhook.Id);
        Assert.Equal(AttemptError.Connection, attempt.Error);
        Assert.Contains("is not allowed", attempt.ErrorMessage);
        Assert.Empty(receiver.AllPosts);
    }

    [Fact]
    public async Task Verification_HostResolvesToCloudMetadataAddress_FailsWithTheRefusedAddress()
    {
        dns.Hosts[Host] = [PublicAddress];
        var created = await CreateAsync(WebhookFormat.WebSub);
        dns.Hosts[Host] = [IPAddress.Parse("169.254.169.254")];

        await engine.Webhooks.SetActiveAsync(engine.Organization.Id, created.Webhook.Id, true);
        await engine.Verification.RunPendingAsync(CancellationToken.None);

        var webhook = (await engine.Webhooks.GetAsync(engine.Organization.Id, created.Webhook.Id))!;
        Assert.Equal(WebhookStatus.Inactive, webhook.Status);
        var verification = Assert.Single(webhook.Verifications);
        Assert.Contains("169.254.169.254 is not allowed", verification.Error);
        Assert.False(receiver.TryTakeVerification(out _));
    }

    [Theory]
    [InlineData("10.1.2.3", "private")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("fd00::5", "unique-local")]
    public async Task Create_HostResolvesToRefusedAddress_IsRefusedNamingAddressAndRule(string address, string rule)
    {
        dns.Hosts[Host] = [PublicAddress, IPAddress.Parse(address)];

        var result = await engine.Webhooks.CreateAsync(engine.Organization.Id, Input(WebhookFormat.Jwt));

        Assert.Equal(CommandStatus.Invalid, result.Status);
        var error = Assert.Single(result.Errors);
        Assert.Equal("target_url", error.Field);
        Assert.Contains(IPAddress.Parse(address).ToString(), error.Message);
        Assert.Contains(rule, error.Message);
        await using var db = await engine.CreateDbContextAsync();
        Assert.Equal(0, await db.Webhooks.CountAsync());
    }

    [Fact]
    public async Task Create_HostDoesNotResolveYet_IsAccepted()
    {
        var result = await engine.Webhooks.CreateAsync(engine.Organization.Id, Input(WebhookFormat.Jwt));

        Assert.True(result.Succeeded);
    }

    [Fact]
    public async Task Update_NewHostResolvesToPrivateAddress_IsRefusedAndKeepsTheOldUrl()
    {
        dns.Hosts[Host] = [PublicAddress];
        var created = await CreateAsync(WebhookFormat.Jwt);
        dns.Hosts["internal.example.test"] = [IPAddress.Parse("192.168.10.20")];

        var result = await engine.Webhooks.UpdateAsync(engine.Organization.Id, created.Webhook.Id,
            new WebhookPatch { TargetUrl = "https://internal.example.test/hook" });

        Assert.Equal(CommandStatus.Invalid, result.Status);
        Assert.Contains("192.168.10.20", Assert.Single(result.Errors).Message);
        Assert.Equal(TargetUrl, (await engine.Webhooks.GetAsync(engine.Organization.Id, created.Webhook.Id))!.TargetUrl);
    }

    private WebhookInput Input(WebhookFormat format) => new() { Name = "ssrf", TargetUrl = TargetUrl, Format = format, Channels = ["login"] };

    private async Task<CreatedWebhook> CreateAsync(WebhookFormat format)
    {
        var result = await engine.Webhooks.CreateAsync(engine.Organization.Id, Input(format));
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Message)));
        return result.Value!;
    }

    private async Task<Attempt> SingleAttemptAsync(Guid webhookId)
    {
        await using var db = await engine.CreateDbContextAsync();
        return await db.Attempts.SingleAsync(a => db.Deliveries.Any(d => d.Id == a.DeliveryId && d.WebhookId == webhookId));
    }
}
