using Microsoft.AspNetCore.Identity;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Hosting;
using WebhookConsole.Operators;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Hosting;

/// <summary>Settings → Operators through the real UserManager on the real app's SQLite file.</summary>
public sealed class OperatorServiceTests : RunningConsoleApp
{
    private const string Password = "Viewer-Password-42";

    private OperatorService Operators => App.Services.GetRequiredService<OperatorService>();

    [Fact]
    public async Task Add_ValidViewer_IsListedWithItsRoleAndCanSignIn()
    {
        var errors = await Operators.AddAsync(App.OrganizationId, "ops@example.com", Password, OperatorRoles.Viewer);

        Assert.Empty(errors);
        var listed = (await Operators.ListAsync(App.OrganizationId)).Single(o => o.Email == "ops@example.com");
        Assert.Equal(OperatorRoles.Viewer, listed.Role);
        Assert.False(listed.LockedOut);
        Assert.True(await CheckPasswordAsync("ops@example.com", Password));
    }

    [Fact]
    public async Task Add_WeakPassword_ReturnsIdentityMessagesAndStoresNothing()
    {
        var errors = await Operators.AddAsync(App.OrganizationId, "weak@example.com", "short", OperatorRoles.Admin);

        var error = Assert.Single(errors);
        Assert.Equal("password", error.Field);
        Assert.Contains("Passwords must be at least 12 characters.", error.Message);
        Assert.Contains("Passwords must have at least one uppercase ('A'-'Z').", error.Message);
        Assert.DoesNotContain(await Operators.ListAsync(App.OrganizationId), o => o.Email == "weak@example.com");
    }

    [Fact]
    public async Task Add_ExistingEmail_IsRefusedOnTheEmail()
    {
        var errors = await Operators.AddAsync(App.OrganizationId, ConsoleApp.AdminEmail, Password, OperatorRoles.Viewer);

        Assert.Contains(errors, e => e.Field == "email" && e.Message.Contains("is already taken", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Remove_Yourself_IsRefused()
    {
        var admin = await IdOfAsync(ConsoleApp.AdminEmail);

        var errors = await Operators.RemoveAsync(App.OrganizationId, ConsoleApp.AdminEmail, admin);

        Assert.Equal("You cannot remove yourself; another admin can.", Assert.Single(errors).Message);
    }

    [Fact]
    public async Task Remove_LastAdminByAnotherOperator_IsRefused()
    {
        await Operators.AddAsync(App.OrganizationId, "ops@example.com", Password, OperatorRoles.Viewer);

        var errors = await Operators.RemoveAsync(App.OrganizationId, "ops@example.com", await IdOfAsync(ConsoleApp.AdminEmail));

        Assert.Equal(OperatorService.LastAdminRefused, Assert.Single(errors).Message);
    }

    [Fact]
    public async Task Remove_OtherOperator_CannotSignInAnyMore()
    {
        await Operators.AddAsync(App.OrganizationId, "ops@example.com", Password, OperatorRoles.Viewer);

        var errors = await Operators.RemoveAsync(App.OrganizationId, ConsoleApp.AdminEmail, await IdOfAsync("ops@example.com"));

        Assert.Empty(errors);
        Assert.DoesNotContain(await Operators.ListAsync(App.OrganizationId), o => o.Email == "ops@example.com");
    }

    [Fact]
    public async Task ChangeRole_LastAdminToViewer_IsRefused()
    {
        var errors = await Operators.ChangeRoleAsync(App.OrganizationId, await IdOfAsync(ConsoleApp.AdminEmail), OperatorRoles.Viewer);

        Assert.Equal(OperatorService.LastAdminRefused, Assert.Single(errors).Message);
    }

    [Fact]
    public async Task ChangeRole_ViewerToAdmin_HasOnlyTheNewRoleAndANewSecurityStamp()
    {
        await Operators.AddAsync(App.OrganizationId, "ops@example.com", Password, OperatorRoles.Viewer);
        var stampBefore = await SecurityStampAsync("ops@example.com");

        var errors = await Operators.ChangeRoleAsync(App.OrganizationId, await IdOfAsync("ops@example.com"), OperatorRoles.Admin);

        Assert.Empty(errors);
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Operator>>();
        Assert.Equal([OperatorRoles.Admin], await users.GetRolesAsync((await users.FindByEmailAsync("ops@example.com"))!));
        Assert.NotEqual(stampBefore, await SecurityStampAsync("ops@example.com"));
    }

    [Fact]
    public async Task ResetPassword_WeakPassword_KeepsTheOldOne()
    {
        await Operators.AddAsync(App.OrganizationId, "ops@example.com", Password, OperatorRoles.Viewer);

        var errors = await Operators.ResetPasswordAsync(App.OrganizationId, await IdOfAsync("ops@example.com"), "alllowercase1");

        Assert.Equal("Passwords must have at least one uppercase ('A'-'Z').", Assert.Single(errors).Message);
        Assert.True(await CheckPasswordAsync("ops@example.com", Password));
    }

    [Fact]
    public async Task ResetPassword_LockedOutOperator_NewPasswordWorksAndLockoutIsLifted()
    {
        await Operators.AddAsync(App.OrganizationId, "ops@example.com", Password, OperatorRoles.Viewer);
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Operator>>();
            await users.SetLockoutEndDateAsync((await users.FindByEmailAsync("ops@example.com"))!, DateTimeOffset.UtcNow.AddMinutes(5));
        }

        Assert.True((await Operators.ListAsync(App.OrganizationId)).Single(o => o.Email == "ops@example.com").LockedOut);

        var errors = await Operators.ResetPasswordAsync(App.OrganizationId, await IdOfAsync("ops@example.com"), "New-Password-4242");

        Assert.Empty(errors);
        Assert.False((await Operators.ListAsync(App.OrganizationId)).Single(o => o.Email == "ops@example.com").LockedOut);
        Assert.True(await CheckPasswordAsync("ops@example.com", "New-Password-4242"));
        Assert.False(await CheckPasswordAsync("ops@example.com", Password));
    }

    [Fact]
    public async Task List_OtherOrganization_ShowsNoneOfThisOnesOperators()
    {
        Assert.Empty(await Operators.ListAsync(Guid.NewGuid()));
    }

    private async Task<string> IdOfAsync(string email) => (await Operators.ListAsync(App.OrganizationId)).Single(o => o.Email == email).Id;

    private async Task<string?> SecurityStampAsync(string email)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<Operator>>().FindByEmailAsync(email))!.SecurityStamp;
    }

    private async Task<bool> CheckPasswordAsync(string email, string password)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Operator>>();
        return await users.CheckPasswordAsync((await users.FindByEmailAsync(email))!, password);
    }
}
