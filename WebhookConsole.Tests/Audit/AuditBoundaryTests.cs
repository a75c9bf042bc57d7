using System.Net;
using System.Text.Json;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Audit;

/// <summary>Tenancy: another organization's audit log is invisible through the API, by listing, by filter and by verify.</summary>
public sealed class AuditBoundaryTests(AuditApp app) : IClassFixture<AuditApp>
{
    [Fact]
    public async Task GetAuditLog_OtherOrganizationsKey_SeesOnlyItsOwnChain()
    {
        var created = await (await app.Api.SendJsonAsync(HttpMethod.Post, "organizations/webhooks",
            """{ "target_url": "http://127.0.0.1:9/boundary", "name": "A's secret project", "format": "jwt" }""")).ReadResultAsync(HttpStatusCode.Created);
        var aWebhook = created.GetProperty("id").GetString();
        var b = await (await app.Platform.SendJsonAsync(HttpMethod.Post, "platform/organizations", """{ "handle": "tenant-b" }""")).ReadResultAsync(HttpStatusCode.Created);
        var bId = Guid.Parse(b.GetProperty("id").GetString()!);
        var key = await (await app.Platform.SendJsonAsync(HttpMethod.Post, $"platform/organizations/{bId}/api-keys", """{ "name": "B" }""")).ReadResultAsync(HttpStatusCode.Created);
        using var bClient = ConsoleApp.CreateApiClient(app.BaseAddress, bId, key.GetProperty("key").GetString()!);

        var list = await (await bClient.GetAsync("audit-log")).ReadJsonAsync();
        var byTarget = await (await bClient.GetAsync($"audit-log?target={aWebhook}")).ReadJsonAsync();
        var lines = await (await bClient.GetAsync("audit-log?format=jsonl")).Content.ReadAsStringAsync();
        var verify = await (await bClient.GetAsync("audit-log/verify")).ReadResultAsync(HttpStatusCode.OK);

        Assert.All(list.GetProperty("result").EnumerateArray(), e => Assert.Equal(bId.ToString(), e.GetProperty("organization_id").GetString()));
        Assert.Equal(["api_key.created", "organization.created"], list.GetProperty("result").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        Assert.Empty(byTarget.GetProperty("result").EnumerateArray());
        Assert.DoesNotContain("secret project", lines);
        Assert.DoesNotContain(aWebhook!, lines);
        Assert.True(verify.GetProperty("ok").GetBoolean());
        Assert.Equal(2, verify.GetProperty("checked").GetInt64());
        Assert.Equal(JsonValueKind.True, verify.GetProperty("ok").ValueKind);
    }
}
