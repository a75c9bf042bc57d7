using System.Net;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Security;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Api;

/// <summary>The console's roles on the API: a viewer key reads everything and changes nothing.</summary>
public sealed class ApiKeyRoleTests : IAsyncLifetime
{
    private readonly ConsoleApp app = new();
    private Uri baseAddress = null!;

    public Task InitializeAsync()
    {
        baseAddress = app.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task ViewerKey_ReadsButCannotChange()
    {
        var viewer = await app.Services.GetRequiredService<ApiKeyService>().CreateAsync(app.OrganizationId, "dashboard", ApiKeyRoles.Viewer);
        using var admin = app.CreateApiClient(baseAddress);
        await (await admin.SendJsonAsync(HttpMethod.Post, "organizations/webhooks", """{"target_url": "https://example.com/hook", "name": "existing"}"""))
            .ReadResultAsync(HttpStatusCode.Created);
        using var client = new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Add("SlashID-OrgID", app.OrganizationId.ToString());
        client.DefaultRequestHeaders.Add("SlashID-API-Key", viewer.Value!.Secret);

        var list = await (await client.GetAsync("organizations/webhooks")).ReadResultAsync(HttpStatusCode.OK);
        var create = await client.SendJsonAsync(HttpMethod.Post, "organizations/webhooks", """{"target_url": "https://example.com/other", "name": "refused"}""");
        var publish = await client.SendJsonAsync(HttpMethod.Post, "events", """{"event_name": "PersonCreated_v1", "payload": {}}""");

        Assert.Single(list.EnumerateArray());
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Contains("only an admin key can change", (await create.ReadJsonAsync()).GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, publish.StatusCode);
        Assert.Single((await (await admin.GetAsync("organizations/webhooks")).ReadResultAsync(HttpStatusCode.OK)).EnumerateArray());
    }

    [Fact]
    public async Task CreateKey_UnknownRole_IsRefused()
    {
        var result = await app.Services.GetRequiredService<ApiKeyService>().CreateAsync(app.OrganizationId, "odd", "owner");

        Assert.False(result.Succeeded);
        Assert.Equal("role", result.Errors[0].Field);
    }
}
