using Bunit;
using Radzen.Blazor;
using WebhookConsole.Components.Controls;
using WebhookConsole.Components.Pages;
using WebhookConsole.Engine.Security;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Components.Defects;

/// <summary>Issue 10, defects 3 and 10: a refused form points at its errors; every confirmation has one shape.</summary>
public sealed class FormsAndDialogsTests : ConsoleTestContext
{
    [Fact]
    public async Task AddWebhook_RefusedWithSeveralErrors_MarksTheFieldsInvalidAndScrollsToTheFirst()
    {
        var cancelled = false;
        var form = Render<WebhookForm>(p => p.Add(f => f.OrganizationId, Organization.Id).Add(f => f.OnCancel, () => cancelled = true));
        form.Find("#webhook-timeout").Change("99s");

        await form.Find("form").SubmitAsync();

        Assert.Equal("true", form.Find("#webhook-name").GetAttribute("aria-invalid"));
        Assert.Equal("true", form.Find("#webhook-endpoint").GetAttribute("aria-invalid"));
        Assert.Equal("true", form.Find("#webhook-timeout").GetAttribute("aria-invalid"));
        Assert.Null(form.Find("#webhook-description").GetAttribute("aria-invalid"));
        form.WaitForAssertion(() => JSInterop.VerifyInvoke("webhookConsole.focusFirstInvalid"));
        Assert.Equal("#webhook-form", JSInterop.Invocations["webhookConsole.focusFirstInvalid"].Last().Arguments[0]);

        var actions = form.Find(".form-actions").QuerySelectorAll("button");
        Assert.Equal(["Cancel", "Create"], actions.Select(b => b.TextContent.Trim()));
        actions[0].Click();
        Assert.True(cancelled);
    }

    [Fact]
    public async Task Revoke_AsksWithTheNameInBoldAndTheRedActionOnTheRight()
    {
        await ApiKeys.CreateAsync(Organization.Id, "Identity server");
        var dialogs = Render<RadzenDialog>();
        var page = Render<Settings>();
        page.WaitForAssertion(() => page.Find("button[aria-label='Revoke Identity server']"));

        page.Find("button[aria-label='Revoke Identity server']").Click();

        dialogs.WaitForAssertion(() => dialogs.Find(".confirm-message strong"));
        Assert.StartsWith("Identity server", dialogs.Find(".confirm-message strong").TextContent);
        var buttons = dialogs.Find(".dialog-actions").QuerySelectorAll("button");
        Assert.Equal(["Cancel", "Revoke"], buttons.Select(b => b.TextContent.Trim()));
        Assert.Contains("rz-danger", buttons[1].ClassName);
        Assert.DoesNotContain("rz-danger", buttons[0].ClassName);
    }

    [Fact]
    public void Settings_UnconfiguredChannels_OfferNoTestNotification()
    {
        // The section a platform operator sees on Settings (an organization's own operators see a note instead).
        var page = Render<NotificationsSection>(p => p
            .Add(s => s.OrganizationId, Guid.NewGuid()).Add(s => s.CanChange, true).Add(s => s.OperatorName, "Platform admin"));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("tr[data-channel]")));
        Assert.All(page.FindAll("tr[data-channel]"), row => Assert.Contains("not configured", row.TextContent));
        Assert.Empty(page.FindAll("tr[data-channel] button"));
    }

    private ApiKeyService ApiKeys => Services.GetRequiredService<ApiKeyService>();
}
