using Bunit;
using Radzen.Blazor;
using WebhookConsole.Components.Pages;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Signing;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Components;

public sealed class SigningKeysTests : ConsoleTestContext
{
    [Fact]
    public async Task Render_NewOrganization_ShowsTheCurrentAndNextKeysAsPublished()
    {
        var page = Render<SigningKeys>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tr[data-kid]").Count));
        var published = await Keys.GetPublishedAsync(Organization.Id);
        var current = published.Single(k => k.State == SigningKeyState.Current);
        var row = page.Find($"tr[data-kid='{current.Kid}']");
        Assert.Contains("current", row.TextContent);
        Assert.Contains("x: " + current.PublicX, row.TextContent);
        Assert.Contains("y: " + current.PublicY, row.TextContent);
        Assert.Contains("next", page.Find($"tr[data-kid='{published.Single(k => k.State == SigningKeyState.Next).Kid}']").TextContent);
        Assert.DoesNotContain(current.ProtectedPrivateKey, page.Markup);
    }

    [Fact]
    public async Task Rotate_Confirmed_NextKeyBecomesCurrentAndTheOldOneIsRetired()
    {
        var dialogs = Render<RadzenDialog>();
        var page = Render<SigningKeys>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tr[data-kid]").Count));
        var before = await Keys.GetPublishedAsync(Organization.Id);

        page.FindAll("button").Single(b => b.TextContent.Contains("Rotate")).Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Rotate signing key", dialogs.Markup));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Rotate").Click();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("tr[data-kid]").Count));
        var next = before.Single(k => k.State == SigningKeyState.Next).Kid;
        Assert.Contains("current", page.Find($"tr[data-kid='{next}']").TextContent);
        Assert.Contains("retired", page.Find($"tr[data-kid='{before.Single(k => k.State == SigningKeyState.Current).Kid}']").TextContent);
        Assert.Contains($"Rotated: key {next} now signs.", page.Find(".rz-alert").TextContent);
    }

    [Fact]
    public async Task Rotate_Cancelled_ChangesNothing()
    {
        var dialogs = Render<RadzenDialog>();
        var page = Render<SigningKeys>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tr[data-kid]").Count));

        page.FindAll("button").Single(b => b.TextContent.Contains("Rotate")).Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Rotate signing key", dialogs.Markup));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click();

        Assert.Equal(2, (await Keys.GetPublishedAsync(Organization.Id)).Count);
        Assert.Equal(2, page.FindAll("tr[data-kid]").Count);
    }

    private SigningKeyService Keys => Services.GetRequiredService<SigningKeyService>();
}
