using System.Net;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Security;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Api;

/// <summary>The console's roles on the API: a viewer key reads everything and changes nothing.</summary>
public sealed class ApiKeyRoleTests : RunningConsoleApp
{
    [Fact]
    public async Task ViewerKey_ReadsButCannotChange()
    {
        var viewer = await App.Services.GetRequiredService<ApiKeyService>().CreateAsync(App.OrganizationId, "dashboard", ApiKeyRoles.Viewer);
        using var admin = App.CreateApiClient(BaseAddress);
        await (await admin.SendJsonAsync(HttpMethod.Post, "organizations/webhooks", """{"target_url": "https://example.com/hook", "name": "existing"}"""))
            .ReadResultAsync(HttpStatusCode.Created);
        using var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Add("SlashID-OrgID", App.OrganizationId.ToString());
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
        var result = await App.Services.GetRequiredService<ApiKeyService>().CreateAsync(App.OrganizationId, "odd", "owner");

        Assert.False(result.Succeeded);
        Assert.Equal("role", result.Errors[0].Field);
    }
}
