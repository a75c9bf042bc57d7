using WebhookConsole.Components.Controls;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Webhooks;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Components;

/// <summary>The Add / Edit webhook form's state and its engine calls, against the real engine on a SQLite file.</summary>
public sealed class WebhookFormModelTests : IAsyncLifetime
{
    private EngineHost engine = null!;

    private Guid OrganizationId => engine.Organization.Id;

    public async Task InitializeAsync() => engine = await EngineHost.StartAsync();

    public async Task DisposeAsync() => await engine.DisposeAsync();

    [Fact]
    public void SelectChannel_TogglesEveryEventTypeOfTheChannelOnly()
    {
        var model = new WebhookFormModel();

        model.SelectChannel(EventCatalog.Logins, true);
        model.Select("TokenMinted_v1", true);

        Assert.True(model.ChannelState(EventCatalog.Logins));
        Assert.Null(model.ChannelState(EventCatalog.Tokens));
        Assert.False(model.ChannelState(EventCatalog.Sessions));
        model.SelectChannel(EventCatalog.Logins, false);
        Assert.False(model.IsSelected("AuthenticationSucceeded_v1"));
        Assert.True(model.IsSelected("TokenMinted_v1"));
    }

    [Fact]
    public async Task CreateAsync_NothingSelected_ShowsTheEngineRulesAndTheSubscriptionRuleAndStoresNothing()
    {
        var model = new WebhookFormModel { Timeout = "1h" };

        Assert.Null(await model.CreateAsync(engine.Webhooks, OrganizationId));

        Assert.Contains(model.Errors, e => e.Field == "name" && e.Message == "The name is required.");
        Assert.Contains(model.Errors, e => e.Field == WebhookTimeout.Field && e.Message == WebhookTimeout.Validate("1h", out _)!.Message);
        Assert.Contains(model.Errors, e => e.Field == WebhookFormModel.SubscriptionsField && e.Message == WebhookFormModel.NoSubscription);
        Assert.Empty(await engine.Webhooks.ListAsync(OrganizationId));
    }

    [Fact]
    public async Task CreateAsync_JwtWithHeaderEventAndSyncHook_StoresEveryFieldAndNoSecret()
    {
        var model = new WebhookFormModel
        {
            Name = "Tokens", Description = "Minted tokens", TargetUrl = "https://tokens.example.com/hook", Format = WebhookFormat.Jwt, Timeout = "3s",
            GenerateSecret = false, Secret = "ignored-for-jwt",
        };
        model.AddHeader();
        model.Headers[0].Name = "X-Api-Key";
        model.Headers[0].Value = "k1";
        model.AddHeader();
        model.Headers[1].Name = "X-Api-Key";
        model.Headers[1].Value = "k2";
        model.Select("TokenMinted_v1", true);
        model.Select("token_minted", true);

        var created = await model.CreateAsync(engine.Webhooks, OrganizationId);

        Assert.NotNull(created);
        Assert.Null(created.Secret);
        var stored = (await engine.Webhooks.GetAsync(OrganizationId, created.Webhook.Id))!;
        Assert.Equal(("Minted tokens", WebhookFormat.Jwt, TimeSpan.FromSeconds(3)), (stored.Description, stored.Format, stored.Timeout));
        Assert.Equal(["X-Api-Key"], engine.Webhooks.CustomHeaderNamesOf(stored));
        Assert.Equal(
            [(TriggerType.Event, "TokenMinted_v1"), (TriggerType.SyncHook, "token_minted")],
            stored.Subscriptions.Select(s => (s.TriggerType, s.TriggerName)).OrderBy(t => t.TriggerType));
    }

    [Fact]
    public async Task CreateAsync_EnteredSecret_IsUsedAndHandedBackOnce()
    {
        var model = new WebhookFormModel { Name = "A", TargetUrl = "https://a.example.com/hook", GenerateSecret = false, Secret = "my-own-secret-of-sufficient-length-123" };
        model.SelectChannel(EventCatalog.Logins, true);

        var created = await model.CreateAsync(engine.Webhooks, OrganizationId);

        Assert.Equal("my-own-secret-of-sufficient-length-123", created?.Secret);
    }

    [Fact]
    public async Task Constructor_ExistingWebhook_CarriesFieldsAndHeaderNamesButNoValues()
    {
        var webhook = await CreateAsync(WebhookFormat.Standard, headers: new() { ["X-Tenant"] = ["secret-value"] });

        var model = new WebhookFormModel(webhook, engine.Webhooks.CustomHeaderNamesOf(webhook));

        Assert.True(model.IsEdit);
        Assert.Equal(["X-Tenant"], model.ExistingHeaderNames);
        Assert.Empty(model.Headers);
        Assert.True(model.ChannelState(EventCatalog.Logins));
        Assert.Equal("0s", model.Timeout);
    }

    [Fact]
    public async Task SaveAsync_ChangedFieldsAndSubscriptions_UpdatesTheWebhookAndKeepsHeadersUnlessReplaced()
    {
        var webhook = await CreateAsync(WebhookFormat.Standard, headers: new() { ["X-Tenant"] = ["v"] });
        var model = new WebhookFormModel(webhook, engine.Webhooks.CustomHeaderNamesOf(webhook)) { Name = "Renamed", Timeout = "5s" };
        model.SelectChannel(EventCatalog.Logins, false);
        model.Select("identify_user", true);

        Assert.True(await model.SaveAsync(engine.Webhooks, OrganizationId));

        var stored = (await engine.Webhooks.GetAsync(OrganizationId, webhook.Id))!;
        Assert.Equal(("Renamed", TimeSpan.FromSeconds(5)), (stored.Name, stored.Timeout));
        Assert.Equal(["identify_user"], stored.Subscriptions.Select(s => s.TriggerName));
        Assert.Equal(["X-Tenant"], engine.Webhooks.CustomHeaderNamesOf(stored));

        model.StartReplacingHeaders();
        model.Headers[0].Name = "X-Other";
        model.Headers[0].Value = "w";
        Assert.True(await model.SaveAsync(engine.Webhooks, OrganizationId));
        Assert.Equal(["X-Other"], engine.Webhooks.CustomHeaderNamesOf((await engine.Webhooks.GetAsync(OrganizationId, webhook.Id))!));
    }

    [Fact]
    public async Task SaveAsync_NewChannelOnSwitchedOnWebSub_ShowsTheEnginesRefusal()
    {
        var receiver = await TestReceiver.StartAsync();
        await using var _ = receiver;
        var webhook = (await engine.CreateActiveWebhookAsync(receiver.Url, "login")).Webhook;
        webhook = (await engine.Webhooks.GetAsync(OrganizationId, webhook.Id))!;
        var model = new WebhookFormModel(webhook, []);
        model.Select("TokenMinted_v1", true);

        Assert.False(await model.SaveAsync(engine.Webhooks, OrganizationId));

        Assert.Equal(
            "Switch the websub webhook off before subscribing it to a channel it was not verified for.",
            Assert.Single(model.Errors, e => e.Field == WebhookFormModel.SubscriptionsField).Message);
    }

    [Fact]
    public async Task SaveAsync_BadTimeout_ShowsTheEngineMessageAndChangesNothing()
    {
        var webhook = await CreateAsync(WebhookFormat.Jwt);
        var model = new WebhookFormModel(webhook, []) { Name = "Changed", Timeout = "soon" };

        Assert.False(await model.SaveAsync(engine.Webhooks, OrganizationId));

        Assert.Equal(WebhookTimeout.Validate("soon", out _)!.Message, Assert.Single(model.Errors).Message);
        Assert.Equal("Hook", (await engine.Webhooks.GetAsync(OrganizationId, webhook.Id))!.Name);
    }

    private async Task<Webhook> CreateAsync(WebhookFormat format, Dictionary<string, string[]>? headers = null)
    {
        var result = await engine.Webhooks.CreateAsync(OrganizationId, new WebhookInput
        {
            Name = "Hook", TargetUrl = "https://hook.example.com/in", Format = format, CustomHeaders = headers, Channels = ["login"],
        });
        Assert.True(result.Succeeded);
        return (await engine.Webhooks.GetAsync(OrganizationId, result.Value!.Webhook.Id))!;
    }
}
