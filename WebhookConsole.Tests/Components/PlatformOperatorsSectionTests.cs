using Bunit;
using Radzen.Blazor;
using WebhookConsole.Components.Pages;
using WebhookConsole.Hosting;
using WebhookConsole.Operators;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Components;

/// <summary>Organizations → Platform operators: the role given to an existing operator, taken away, never from the last one.</summary>
public sealed class PlatformOperatorsSectionTests() : ConsoleTestContext(role: OperatorRoles.Platform)
{
    private OperatorService Operators => Services.GetRequiredService<OperatorService>();

    [Fact]
    public async Task Grant_ThenRemove_ChangesTheRoleAndTheLastOneKeepsIt()
    {
        Assert.Empty(await Operators.AddAsync(Organization.Id, "ops@example.com", "Operator-Pass-42", OperatorRoles.Viewer));
        var dialogs = Render<RadzenDialog>();
        var page = Render<Organizations>();
        page.WaitForAssertion(() => page.Find("#platform-operator-email"));

        page.Find("#platform-operator-email").Change("nobody@example.com");
        page.Find("form[aria-label='Add platform operator']").Submit();
        page.WaitForAssertion(() => Assert.Contains("No operator has the email nobody@example.com", page.Find("#platform-operator-email-error").TextContent));
        page.Find("#platform-operator-email").Change("ops@example.com");
        page.Find("form[aria-label='Add platform operator']").Submit();

        page.WaitForAssertion(() => Assert.Contains(Organization.Handle, page.Find("tr[data-platform-operator='ops@example.com']").TextContent));
        Assert.Equal(["ops@example.com"], (await Operators.ListPlatformAsync()).Select(o => o.Email));
        Assert.True(page.Find("button[aria-label='Remove the platform role of ops@example.com']").HasAttribute("disabled"));
        Assert.Equal(OperatorService.LastPlatformOperatorRefused, Assert.Single(await Operators.SetPlatformAsync("ops@example.com", false)).Message);

        Assert.Empty(await Operators.AddAsync(Organization.Id, "second@example.com", "Operator-Pass-43", OperatorRoles.Admin));
        Assert.Empty(await Operators.SetPlatformAsync("second@example.com", true));
        var again = Render<Organizations>();
        again.WaitForAssertion(() => again.Find("button[aria-label='Remove the platform role of ops@example.com']:not([disabled])"));
        again.Find("button[aria-label='Remove the platform role of ops@example.com']").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("They keep their own organization's role", dialogs.Markup));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Remove").Click();

        again.WaitForAssertion(() => Assert.Empty(again.FindAll("tr[data-platform-operator='ops@example.com']")));
        Assert.Equal(["second@example.com"], (await Operators.ListPlatformAsync()).Select(o => o.Email));
        Assert.Equal(OperatorRoles.Viewer, (await Operators.ListAsync(Organization.Id)).Single(o => o.Email == "ops@example.com").Role);
    }
}
