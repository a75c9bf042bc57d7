using Bunit;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Components.Controls;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Engine.Webhooks;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Components;

public sealed class WebhookFormTests() : ConsoleTestContext(allowInsecureTargets: false)
{
    [Fact]
    public void Render_ShowsLabelledFieldsACheckboxPerChannelEventTypeAndSyncHook()
    {
        var form = Render<WebhookForm>(p => p.Add(f => f.OrganizationId, Organization.Id));

        Assert.Equal("webhook-name", form.Find("label:contains('Name')").GetAttribute("for"));
        Assert.Equal("webhook-description", form.Find("label:contains('Description')").GetAttribute("for"));
        Assert.Equal("webhook-endpoint", form.Find("label:contains('Endpoint')").GetAttribute("for"));
        Assert.Equal("webhook-timeout", form.Find("label:contains('Timeout')").GetAttribute("for"));
        Assert.True(form.Find("#secret-generate").HasAttribute("checked"));
        Assert.True(form.Find("#format-websub").HasAttribute("checked"));
        var checkboxes = form.FindAll("input[type=checkbox]");
        Assert.Equal(EventCatalog.Channels.Count + EventCatalog.EventTypes.Count + EventCatalog.SyncHooks.Count, checkboxes.Count);
        Assert.All(EventCatalog.Channels, c => Assert.Equal($"channel-{c.Slug}", form.Find($"label:contains('{c.Name}')").GetAttribute("for")));
        Assert.All(form.FindAll("input"), input => Assert.True(
            input.HasAttribute("aria-label") || form.FindAll($"label[for='{input.Id}']").Count == 1, $"{input.Id} has no accessible name"));
        Assert.Equal("Create", form.Find("button[type=submit]").TextContent.Trim());
    }

    [Fact]
    public async Task Submit_EmptyForm_ShowsEachRuleUnderItsFieldAndStoresNothing()
    {
        var form = Render<WebhookForm>(p => p.Add(f => f.OrganizationId, Organization.Id));

        await form.Find("form").SubmitAsync();

        Assert.Equal("The name is required.", form.Find("#webhook-name-error").TextContent);
        Assert.Equal("The target URL is required.", form.Find("#webhook-endpoint-error").TextContent);
        Assert.Equal(WebhookFormModel.NoSubscription, form.Find("#webhook-triggers-error").TextContent);
        Assert.Equal(0, await CountWebhooksAsync());
    }

    [Fact]
    public async Task Submit_BadTimeoutAndHeader_ShowsTheEnginesMessagesUnderTheirFields()
    {
        var form = Render<WebhookForm>(p => p.Add(f => f.OrganizationId, Organization.Id));
        form.Find("#webhook-name").Change("Logins");
        form.Find("#webhook-endpoint").Change("https://example.com/hook");
        form.Find("#webhook-timeout").Change("1h");
        form.FindAll("button").Single(b => b.TextContent.Contains("Add header")).Click();
        form.Find("input[aria-label='Header 1 name']").Change("Bad Name");
        form.Find("input[aria-label='Header 1 value']").Change("v");
        form.Find("#event-AuthenticationFailed_v1").Change(true);

        await form.Find("form").SubmitAsync();

        Assert.Equal(WebhookTimeout.Validate("1h", out _)!.Message, form.Find("#webhook-timeout-error").TextContent);
        Assert.Equal(CustomHeaders.Validate(new Dictionary<string, string[]> { ["Bad Name"] = ["v"] })!.Message, form.Find("#webhook-headers-error").TextContent);
        Assert.Equal(0, await CountWebhooksAsync());
    }

    [Fact]
    public void ChannelCheckbox_Toggled_SelectsEveryEventTypeOfTheChannel()
    {
        var form = Render<WebhookForm>(p => p.Add(f => f.OrganizationId, Organization.Id));

        form.Find("#channel-login").Change(true);

        Assert.True(form.Find("#event-AuthenticationSucceeded_v1").HasAttribute("checked"));
        Assert.True(form.Find("#event-AuthenticationFailed_v1").HasAttribute("checked"));
        form.Find("#event-AuthenticationFailed_v1").Change(false);
        Assert.False(form.Find("#channel-login").HasAttribute("checked"));
    }

    [Fact]
    public void EventType_OneOfTwoUnchecked_MakesTheChannelCheckboxIndeterminate()
    {
        var form = Render<WebhookForm>(p => p.Add(f => f.OrganizationId, Organization.Id));
        form.Find("#channel-login").Change(true);

        form.Find("#event-AuthenticationFailed_v1").Change(false);

        Assert.Equal("true", form.Find("#channel-login").GetAttribute("data-partial"));
        Assert.DoesNotContain("some selected", form.Find("#channel-login-state").TextContent);
        // Only a channel whose state changed is set again: the last call is the login channel's, to indeterminate.
        Assert.Equal(true, JSInterop.Invocations["webhookConsole.setIndeterminate"].Last().Arguments[1]);

        form.Find("#event-AuthenticationFailed_v1").Change(true);

        Assert.Null(form.Find("#channel-login").GetAttribute("data-partial"));
        Assert.Equal(false, JSInterop.Invocations["webhookConsole.setIndeterminate"].Last().Arguments[1]);
    }

    [Fact]
    public void Format_Jwt_HidesTheSecretChoice()
    {
        var form = Render<WebhookForm>(p => p.Add(f => f.OrganizationId, Organization.Id));

        form.Find("#format-jwt").Change(true);

        Assert.Empty(form.FindAll("#secret-generate"));
        Assert.Contains("ES256", form.Find(".option-help").TextContent);
    }

    [Fact]
    public async Task Render_EditForm_ShowsHeaderNamesMaskedAndNoFormatOrSecret()
    {
        var created = await Webhooks.CreateAsync(Organization.Id, new WebhookInput
        {
            Name = "Edit me", TargetUrl = "https://example.com/hook", Format = WebhookFormat.Standard,
            CustomHeaders = new() { ["X-Tenant"] = ["tenant-secret-value"] }, Channels = ["login"],
        });
        var webhook = (await Webhooks.GetAsync(Organization.Id, created.Value!.Webhook.Id))!;

        var form = Render<WebhookForm>(p => p
            .Add(f => f.OrganizationId, Organization.Id)
            .Add(f => f.Model, new WebhookFormModel(webhook, Webhooks.CustomHeaderNamesOf(webhook))));

        Assert.Contains("X-Tenant: ****", form.Find(".saved-headers").TextContent);
        Assert.DoesNotContain("tenant-secret-value", form.Markup);
        Assert.Empty(form.FindAll("#format-jwt"));
        Assert.Empty(form.FindAll("#secret-generate"));
        Assert.Equal("Save", form.Find("button[type=submit]").TextContent.Trim());
    }

    [Fact]
    public async Task Submit_HttpEndpoint_ShowsTheHttpsRuleAndStoresNothing()
    {
        var form = Render<WebhookForm>(p => p.Add(f => f.OrganizationId, Organization.Id));
        form.Find("#webhook-name").Change("Logins");
        form.Find("#webhook-endpoint").Change("http://example.com/hook");
        form.Find("#channel-login").Change(true);

        await form.Find("form").SubmitAsync();

        Assert.Equal("The target URL must use HTTPS.", form.Find("#webhook-endpoint-error").TextContent);
        Assert.Equal(0, await CountWebhooksAsync());
    }

    [Fact]
    public async Task Submit_ValidInput_CreatesAnInactiveWebhookAndHandsOverTheGeneratedSecret()
    {
        CreatedWebhook? created = null;
        var form = Render<WebhookForm>(p => p
            .Add(f => f.OrganizationId, Organization.Id)
            .Add(f => f.OnCreated, (CreatedWebhook w) => created = w));
        form.Find("#webhook-name").Change("Logins");
        form.Find("#webhook-endpoint").Change("https://example.com/hook");
        form.Find("#channel-login").Change(true);
        form.Find("#channel-session").Change(true);

        await form.Find("form").SubmitAsync();

        Assert.NotNull(created);
        Assert.True(created.Secret!.Length >= 32);
        var stored = (await Webhooks.GetAsync(Organization.Id, created.Webhook.Id))!;
        Assert.Equal(WebhookStatus.Inactive, stored.Status);
        Assert.Equal(WebhookFormat.WebSub, stored.Format);
        Assert.Equal(["login", "session"], WebhookService.ChannelsOf(stored).Select(c => c.Slug));
        Assert.Equal("****" + created.Secret[^4..], stored.MaskedSecret);
        Assert.DoesNotContain(created.Secret, stored.ProtectedSecret);
    }

    [Fact]
    public async Task Submit_EditAddsChannelToSwitchedOnWebSub_ShowsTheEnginesRefusalUnderSubscriptions()
    {
        var created = await Webhooks.CreateAsync(Organization.Id, new WebhookInput { Name = "On", TargetUrl = "https://example.com/hook", Channels = ["login"] });
        await using (var db = await Services.GetRequiredService<IDbContextFactory<WebhookDbContext>>().CreateDbContextAsync())
        {
            await db.Webhooks.Where(w => w.Id == created.Value!.Webhook.Id).ExecuteUpdateAsync(u => u.SetProperty(w => w.Status, WebhookStatus.Active));
        }

        var webhook = (await Webhooks.GetAsync(Organization.Id, created.Value!.Webhook.Id))!;
        var saved = false;
        var form = Render<WebhookForm>(p => p
            .Add(f => f.OrganizationId, Organization.Id)
            .Add(f => f.Model, new WebhookFormModel(webhook, []))
            .Add(f => f.OnSaved, () => saved = true));
        form.Find("#event-TokenMinted_v1").Change(true);

        await form.Find("form").SubmitAsync();

        Assert.False(saved);
        Assert.Equal(
            "Switch the websub webhook off before subscribing it to a channel it was not verified for.",
            form.Find("#webhook-triggers-error").TextContent);
    }
}
