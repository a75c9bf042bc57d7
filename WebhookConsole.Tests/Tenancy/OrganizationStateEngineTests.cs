using System.Text.Json;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Organizations;
using WebhookConsole.Engine.Webhooks;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Tenancy;

/// <summary>
/// What an organization's place and state mean to the engine itself, whoever calls it (the API, the console or an
/// in-process publisher): a sub-organization's topics use its own id and its payloads carry its depth; a disabled
/// organization's events, test events, sync hooks and switching on are refused, and its verifications wait.
/// </summary>
public sealed class OrganizationStateEngineTests() : EngineWithReceiver(new ManualTimeProvider())
{
    private OrganizationService Organizations => Engine.Services.GetRequiredService<OrganizationService>();

    [Fact]
    public async Task Publish_ForSubOrganization_TopicUsesItsIdAndPayloadCarriesItsDepth()
    {
        var sub = (await Organizations.CreateAsync("EMEA", "myorg-emea", Engine.Organization.Id)).Value!;
        var webhook = await CreateWebhookAsync(sub.Id);
        Assert.True((await Engine.Webhooks.SetActiveAsync(sub.Id, webhook.Webhook.Id, true)).Succeeded);
        await Engine.Verification.RunPendingAsync(CancellationToken.None);
        Receiver.Secret = webhook.Secret;

        var published = await Engine.Publisher.PublishAsync(new(sub.Id, "AuthenticationSucceeded_v1", """{"user":{"id":"u1"}}"""));
        await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);

        var verification = await Receiver.NextVerificationAsync();
        Assert.Contains(sub.Id.ToString(), verification.Query["hub.topic"]);
        var post = await Receiver.NextPostAsync();
        Assert.True(post.SignatureValid);
        using var body = JsonDocument.Parse(post.Body);
        var metadata = body.RootElement.GetProperty("events").EnumerateObject().Single().Value.GetProperty("event_metadata");
        Assert.Equal(published.EventId.ToString(), metadata.GetProperty("event_id").GetString());
        Assert.Equal(sub.Id.ToString(), metadata.GetProperty("organization_id").GetString());
        Assert.Equal(1, metadata.GetProperty("organization_depth").GetInt32());
    }

    [Fact]
    public async Task Publish_WithAnotherDepthInEventMetadata_IsRefusedNamingTheField()
    {
        var result = await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "PersonCreated_v1", """{"event_metadata":{"organization_depth":2}}"""));

        var error = Assert.Single(result.Errors);
        Assert.Equal("payload.event_metadata.organization_depth", error.Field);
        Assert.Contains("must be 0", error.Message);
    }

    [Fact]
    public async Task DisabledOrganization_RefusesEventsTestEventsHooksAndSwitchingOnUntilEnabled()
    {
        var active = await Engine.CreateActiveWebhookAsync(Receiver.Url, "login");
        var inactive = await CreateWebhookAsync(Engine.Organization.Id, "/second");
        Assert.True((await Engine.Webhooks.SetActiveAsync(Engine.Organization.Id, inactive.Webhook.Id, true)).Succeeded);
        Assert.True((await Organizations.SetDisabledAsync(Engine.Organization.Id, true)).Succeeded);

        var published = await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));
        var test = await Engine.Webhooks.SendTestEventAsync(Engine.Organization.Id, active.Webhook.Id);
        var hook = await Engine.Services.GetRequiredService<ISyncHookInvoker>().InvokeAsync(Engine.Organization.Id, "token_minted", "{}");
        await Engine.Webhooks.SetActiveAsync(Engine.Organization.Id, active.Webhook.Id, false);
        var switchOn = await Engine.Webhooks.SetActiveAsync(Engine.Organization.Id, active.Webhook.Id, true);
        await Engine.Verification.RunPendingAsync(CancellationToken.None);

        Assert.Equal("organization_id", Assert.Single(published.Errors).Field);
        Assert.Contains("disabled", Assert.Single(test.Errors).Message);
        Assert.Equal(SyncHookOutcome.Invalid, hook.Outcome);
        Assert.Equal("organization_id", Assert.Single(hook.Errors).Field);
        Assert.Equal("organization_id", Assert.Single(switchOn.Errors).Field);
        // The verifications queued before it was disabled wait: no request reached the endpoint.
        Assert.Equal(WebhookStatus.Activating, (await Engine.Webhooks.GetAsync(Engine.Organization.Id, inactive.Webhook.Id))!.Status);

        Assert.True((await Organizations.SetDisabledAsync(Engine.Organization.Id, false)).Succeeded);
        await Engine.Verification.RunPendingAsync(CancellationToken.None);
        Assert.True((await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"))).Accepted);
        Assert.Equal(WebhookStatus.Active, (await Engine.Webhooks.GetAsync(Engine.Organization.Id, inactive.Webhook.Id))!.Status);
    }

    [Fact]
    public async Task Publish_ForNoOrganization_IsRefusedNamingTheField()
    {
        var result = await Engine.Publisher.PublishAsync(new(Guid.NewGuid(), "PersonCreated_v1", "{}"));

        Assert.Equal("organization_id", Assert.Single(result.Errors).Field);
    }

    private async Task<CreatedWebhook> CreateWebhookAsync(Guid organizationId, string path = "")
    {
        var created = await Engine.Webhooks.CreateAsync(organizationId, new WebhookInput { Name = "Tenant hook", TargetUrl = Receiver.Url + path, Channels = ["login"] });
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Message)));
        return created.Value!;
    }
}
