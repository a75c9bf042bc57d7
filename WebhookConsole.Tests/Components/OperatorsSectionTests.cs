using Bunit;
using WebhookConsole.Components.Pages;
using WebhookConsole.Hosting;
using WebhookConsole.Operators;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Components;

/// <summary>Settings → Operators for an admin: add with Identity's messages, change a role.</summary>
public sealed class OperatorsSectionTests : ConsoleTestContext
{
    private OperatorService Operators => Services.GetRequiredService<OperatorService>();

    [Fact]
    public async Task Add_WeakPassword_ShowsIdentityRuleUnderThePassword()
    {
        var page = Render<Settings>();
        page.WaitForAssertion(() => page.Find("#operator-email"));

        page.Find("#operator-email").Change("ops@example.com");
        page.Find("#operator-password").Change("short");
        page.Find("form[aria-label='Add operator']").Submit();

        page.WaitForAssertion(() => Assert.Contains("Passwords must be at least 12 characters.", page.Find("#operator-password-error").TextContent));
        Assert.Empty(await Operators.ListAsync(Organization.Id));
    }

    [Fact]
    public async Task Add_ValidOperator_IsListedWithItsRoleAndThePasswordIsNotShown()
    {
        var page = Render<Settings>();
        page.WaitForAssertion(() => page.Find("#operator-email"));

        page.Find("#operator-email").Change("ops@example.com");
        page.Pick("operator-role", OperatorRoles.Admin);
        page.Find("#operator-password").Change("Operator-Pass-42");
        page.Find("form[aria-label='Add operator']").Submit();

        page.WaitForAssertion(() => Assert.Contains("ops@example.com", page.Find("tr[data-operator='ops@example.com']").TextContent));
        Assert.Equal(OperatorRoles.Admin, (await Operators.ListAsync(Organization.Id)).Single().Role);
        Assert.DoesNotContain("Operator-Pass-42", page.Markup);
    }

    [Fact]
    public async Task ResetPassword_WeakThenStrong_ShowsTheRulesThenConfirms()
    {
        await Operators.AddAsync(Organization.Id, "ops@example.com", "Operator-Pass-42", OperatorRoles.Viewer);
        var page = Render<Settings>();
        page.WaitForAssertion(() => page.Find("button[aria-label='Reset password of ops@example.com']"));

        page.Find("button[aria-label='Reset password of ops@example.com']").Click();
        page.Find("#reset-password").Change("weak");
        page.Find("form[aria-label='New password for ops@example.com']").Submit();
        page.WaitForAssertion(() => Assert.Contains("Passwords must have at least one uppercase ('A'-'Z').", page.Find("#reset-password-error").TextContent));
        page.Find("#reset-password").Change("Another-Pass-42");
        page.Find("form[aria-label='New password for ops@example.com']").Submit();

        page.WaitForAssertion(() => Assert.Contains("The password of ops@example.com was changed.", page.Markup));
        Assert.Empty(page.FindAll("#reset-password"));
        Assert.DoesNotContain("Another-Pass-42", page.Markup);
    }

    [Fact]
    public async Task ChangeRole_ViewerToAdmin_IsStored()
    {
        await Operators.AddAsync(Organization.Id, "ops@example.com", "Operator-Pass-42", OperatorRoles.Viewer);
        await Operators.AddAsync(Organization.Id, "admin@example.com", "Operator-Pass-42", OperatorRoles.Admin);
        var page = Render<Settings>();
        page.WaitForAssertion(() => page.Dropdown("Role of ops@example.com"));

        page.PickIn("Role of ops@example.com", OperatorRoles.Admin);

        page.WaitForAssertion(() => Assert.Contains("ops@example.com is now admin.", page.Markup));
        Assert.All(await Operators.ListAsync(Organization.Id), o => Assert.Equal(OperatorRoles.Admin, o.Role));
        // The signed-in admin cannot demote themselves from the list.
        Assert.Equal("true", page.Dropdown("Role of admin@example.com").GetAttribute("aria-disabled"));
    }
}

/// <summary>Settings → Operators for a viewer: the list, and nothing that changes it.</summary>
public sealed class OperatorsSectionViewerTests() : ConsoleTestContext(role: OperatorRoles.Viewer)
{
    [Fact]
    public async Task Render_Viewer_SeesTheListReadOnly()
    {
        await Services.GetRequiredService<OperatorService>().AddAsync(Organization.Id, "ops@example.com", "Operator-Pass-42", OperatorRoles.Admin);

        var page = Render<Settings>();

        page.WaitForAssertion(() => page.Find("tr[data-operator='ops@example.com']"));
        Assert.Empty(page.FindAll("#operator-email"));
        Assert.Equal("true", page.Dropdown("Role of ops@example.com").GetAttribute("aria-disabled"));
        Assert.All(page.FindAll("tr[data-operator] button"), b => Assert.True(b.HasAttribute("disabled")));
    }
}
