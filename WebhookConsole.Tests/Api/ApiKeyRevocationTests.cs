using System.Net;
using WebhookConsole.Engine.Security;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Api;

/// <summary>Keys made and revoked on the settings page, as the REST API sees them.</summary>
public sealed class ApiKeyRevocationTests : IAsyncLifetime
{
    private readonly ConsoleApp app = new();
    private Uri baseAddress = null!;

    private ApiKeyService Keys => app.Services.GetRequiredService<ApiKeyService>();

    public Task InitializeAsync()
    {
        baseAddress = app.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task CreatedKey_CallsTheApi_Succeeds()
    {
        var created = await Keys.CreateAsync(app.OrganizationId, "Automation");
        using var client = app.CreateApiClient(baseAddress, created.Value!.Secret);

        var response = await client.GetAsync("organizations/webhooks");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task RevokedKey_CallsTheApi_Gets401AndOtherKeysStillWork()
    {
        var created = await Keys.CreateAsync(app.OrganizationId, "Automation");
        using var client = app.CreateApiClient(baseAddress, created.Value!.Secret);

        await Keys.RevokeAsync(app.OrganizationId, created.Value.Key.Id);
        var response = await client.GetAsync("organizations/webhooks");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = (await response.ReadJsonAsync()).GetProperty("errors")[0];
        Assert.Equal("The SlashID-API-Key header does not hold a valid API key.", error.GetProperty("message").GetString());
        using var other = app.CreateApiClient(baseAddress);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("organizations/webhooks")).StatusCode);
    }
}
