using WebhookConsole.Engine.Security;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine;

/// <summary>API keys as the settings page manages them: shown once, stored hashed, revocable.</summary>
public sealed class ApiKeyServiceTests : IAsyncLifetime
{
    private readonly ManualTimeProvider time = new();
    private EngineHost engine = null!;

    private ApiKeyService Keys => engine.Services.GetRequiredService<ApiKeyService>();

    public async Task InitializeAsync() => engine = await EngineHost.StartAsync(time);

    public async Task DisposeAsync() => await engine.DisposeAsync();

    [Fact]
    public async Task CreateAsync_Name_ReturnsTheKeyOnceAndStoresOnlyItsHash()
    {
        var created = await Keys.CreateAsync(engine.Organization.Id, "  CI pipeline ");

        Assert.True(created.Succeeded);
        var secret = created.Value!.Secret;
        Assert.StartsWith("whc_", secret);
        var listed = Assert.Single(await Keys.ListAsync(engine.Organization.Id));
        Assert.Equal("CI pipeline", listed.Name);
        Assert.Equal(secret[^4..], listed.Hint);
        Assert.Equal(ApiKeyHasher.Hash(secret), listed.Hash);
        Assert.DoesNotContain(secret, listed.Hash);
        Assert.Null(listed.RevokedAt);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public async Task CreateAsync_NoName_IsRefusedAndStoresNothing(string? name)
    {
        var created = await Keys.CreateAsync(engine.Organization.Id, name);

        Assert.False(created.Succeeded);
        Assert.Equal("The name is required.", created.Errors[0].Message);
        Assert.Empty(await Keys.ListAsync(engine.Organization.Id));
    }

    [Fact]
    public async Task RevokeAsync_Key_SetsRevokedAtToNow()
    {
        var created = await Keys.CreateAsync(engine.Organization.Id, "old");

        var revoked = await Keys.RevokeAsync(engine.Organization.Id, created.Value!.Key.Id);

        Assert.True(revoked.Succeeded);
        Assert.Equal(time.GetUtcNow(), (await Keys.ListAsync(engine.Organization.Id))[0].RevokedAt);
    }

    [Fact]
    public async Task RevokeAsync_KeyOfAnotherOrganization_IsNotFound()
    {
        var created = await Keys.CreateAsync(engine.Organization.Id, "mine");

        var revoked = await Keys.RevokeAsync(Guid.NewGuid(), created.Value!.Key.Id);

        Assert.False(revoked.Succeeded);
        Assert.Null((await Keys.ListAsync(engine.Organization.Id))[0].RevokedAt);
    }
}
