using System.Net;
using WebhookConsole.Engine.Security;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Api;

/// <summary>Keys made and revoked on the settings page, as the REST API sees them.</summary>
public sealed class ApiKeyRevocationTests : RunningConsoleApp
{
    private ApiKeyService Keys => App.Services.GetRequiredService<ApiKeyService>();

    [Fact]
    public async Task CreatedKey_CallsTheApi_Succeeds()
    {
        var created = await Keys.CreateAsync(App.OrganizationId, "Automation");
        using var client = App.CreateApiClient(BaseAddress, created.Value!.Secret);

        var response = await client.GetAsync("organizations/webhooks");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task RevokedKey_CallsTheApi_Gets401AndOtherKeysStillWork()
    {
        var created = await Keys.CreateAsync(App.OrganizationId, "Automation");
        using var client = App.CreateApiClient(BaseAddress, created.Value!.Secret);

        await Keys.RevokeAsync(App.OrganizationId, created.Value.Key.Id);
        var response = await client.GetAsync("organizations/webhooks");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = (await response.ReadJsonAsync()).GetProperty("errors")[0];
        Assert.Equal("The SlashID-API-Key header does not hold a valid API key.", error.GetProperty("message").GetString());
        using var other = App.CreateApiClient(BaseAddress);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("organizations/webhooks")).StatusCode);
    }
}
