using Microsoft.AspNetCore.Identity;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Hosting;
using WebhookConsole.Setup;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Hosting;

/// <summary>Who gets which role: the bootstrap admin, the bootstrap viewer, and operators from before roles existed.</summary>
public sealed class OperatorRolesTests() : RunningConsoleApp(new Dictionary<string, string?>
{
    ["Bootstrap:ViewerEmail"] = "viewer@example.com",
    ["Bootstrap:ViewerPassword"] = "Viewer-Password-42",
})
{
    [Fact]
    public async Task Bootstrap_AdminAndViewerSettings_GiveEachItsRole()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Operator>>();

        var admin = (await users.FindByEmailAsync(ConsoleApp.AdminEmail))!;
        var viewer = (await users.FindByEmailAsync("viewer@example.com"))!;

        // The bootstrap admin is also the hub's platform admin (the first admin always is).
        Assert.Equal([OperatorRoles.Admin, OperatorRoles.Platform], (await users.GetRolesAsync(admin)).Order());
        Assert.Equal([OperatorRoles.Viewer], await users.GetRolesAsync(viewer));
    }

    [Fact]
    public async Task GrantAdminToOperatorsWithoutRole_OperatorFromBeforeRoles_BecomesAdminAndOthersKeepTheirRole()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Operator>>();
        var legacy = new Operator { UserName = "legacy@example.com", Email = "legacy@example.com", OrganizationId = App.OrganizationId };
        Assert.True((await users.CreateAsync(legacy, "Legacy-Password-42")).Succeeded);

        await scope.ServiceProvider.GetRequiredService<OrganizationSetup>().GrantAdminToOperatorsWithoutRoleAsync();

        Assert.Equal([OperatorRoles.Admin], await users.GetRolesAsync(legacy));
        Assert.Equal([OperatorRoles.Viewer], await users.GetRolesAsync((await users.FindByEmailAsync("viewer@example.com"))!));
    }
}
