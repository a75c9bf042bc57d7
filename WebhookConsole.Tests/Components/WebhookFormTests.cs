using Bunit;
using WebhookConsole.Components.Controls;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Webhooks;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Components;

public sealed class WebhookFormTests() : ConsoleTestContext(allowInsecureTargets: false)
{
    [Fact]
    public void Render_ShowsLabelledFieldsAndACheckboxPerChannel()
    {
        var form = Render<WebhookForm>(p => p.Add(f => f.OrganizationId, Organization.Id));

        Assert.Equal("webhook-name", form.Find("label:contains('Name')").GetAttribute("for"));
        Assert.Equal("webhook-endpoint", form.Find("label:contains('Endpoint')").GetAttribute("for"));
        Assert.Equal("webhook-secret", form.Find("label:contains('Secret')").GetAttribute("for"));
        var checkboxes = form.FindAll("input[type=checkbox]");
        Assert.Equal(EventCatalog.Channels.Count, checkboxes.Count);
        Assert.All(EventCatalog.Channels, c => Assert.Equal($"channel-{c.Slug}", form.Find($"label:contains('{c.Name}')").GetAttribute("for")));
        Assert.Equal("Create", form.Find("button[type=submit]").TextContent.Trim());
    }

    [Fact]
    public async Task Submit_EmptyForm_ShowsEachRuleUnderItsFieldAndStoresNothing()
    {
        var form = Render<WebhookForm>(p => p.Add(f => f.OrganizationId, Organization.Id));

        await form.Find("form").SubmitAsync();

        Assert.Equal("The name is required.", form.Find("#webhook-name-error").TextContent);
        Assert.Equal("The target URL is required.", form.Find("#webhook-endpoint-error").TextContent);
        Assert.Equal("Select at least one channel.", form.Find("#webhook-channels-error").TextContent);
        Assert.Equal(0, await CountWebhooksAsync());
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
}
