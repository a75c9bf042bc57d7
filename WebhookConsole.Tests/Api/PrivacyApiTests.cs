using System.Net;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Security;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Api;

/// <summary><c>POST /erasure</c> and <c>GET/PATCH /organizations/retention</c>: admin keys change, viewer keys get 403, bad input a 400 naming the field.</summary>
public sealed class PrivacyApiTests : RunningConsoleApp
{
    [Fact]
    public async Task Erasure_ViewerBadInputAndAdmin_ForbidsRefusesThenErasesOnce()
    {
        using var admin = App.CreateApiClient(BaseAddress);
        var webhook = await admin.CreateSubscribedWebhookAsync("https://receiver.example.com/hook", "standard", "PersonCreated_v1");
        await (await admin.SendJsonAsync(HttpMethod.Post, "events",
            """{"event_name": "PersonCreated_v1", "payload": {"person_id": "p-42", "claims": {"email": "p42@example.org"}}}""")).ReadResultAsync(HttpStatusCode.Accepted);
        using var viewer = await ViewerClientAsync();

        var forbidden = await viewer.SendJsonAsync(HttpMethod.Post, "erasure", """{"person_id": "p-42"}""");
        var missing = await admin.SendJsonAsync(HttpMethod.Post, "erasure", "{}");
        var badPath = await admin.SendJsonAsync(HttpMethod.Post, "erasure", """{"path": "claims..email", "value": "p42@example.org"}""");
        var first = await (await admin.SendJsonAsync(HttpMethod.Post, "erasure", """{"path": "$.claims.email", "value": "P42@example.org"}""")).ReadResultAsync(HttpStatusCode.OK);
        var second = await (await admin.SendJsonAsync(HttpMethod.Post, "erasure", """{"person_id": "p-42"}""")).ReadResultAsync(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.StartsWith("A subject is required: person_id, or path", await MessageAsync(missing));
        Assert.Equal(HttpStatusCode.BadRequest, badPath.StatusCode);
        Assert.StartsWith("The path must be a JSON path", await MessageAsync(badPath));
        Assert.Equal((1, "index"), (first.GetProperty("events").GetInt32(), first.GetProperty("lookup").GetString()));
        Assert.True(first.TryGetProperty("erased_at", out _) && first.TryGetProperty("duration_ms", out _));
        Assert.Equal(0, second.GetProperty("events").GetInt32());
        var deliveries = await (await admin.GetAsync($"organizations/webhooks/{webhook.GetProperty("id").GetString()}/deliveries")).ReadResultAsync(HttpStatusCode.OK);
        var delivery = await (await admin.GetAsync($"deliveries/{deliveries[0].GetProperty("id").GetString()}")).ReadResultAsync(HttpStatusCode.OK);
        Assert.Equal(first.GetProperty("erased_at").GetString(), delivery.GetProperty("erased_at").GetString());
        Assert.DoesNotContain("p42@example.org", delivery.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Retention_AdminSetsViewerReadsButCannotChange()
    {
        using var admin = App.CreateApiClient(BaseAddress);
        using var viewer = await ViewerClientAsync();

        var before = await (await viewer.GetAsync("organizations/retention")).ReadResultAsync(HttpStatusCode.OK);
        var refused = await viewer.SendJsonAsync(HttpMethod.Patch, "organizations/retention", """{"body_retention_days": 7}""");
        var invalid = await admin.SendJsonAsync(HttpMethod.Patch, "organizations/retention", """{"body_retention_days": "7"}""");
        var set = await (await admin.SendJsonAsync(HttpMethod.Patch, "organizations/retention", """{"event_retention_days": 90, "body_retention_days": 7}"""))
            .ReadResultAsync(HttpStatusCode.OK);
        var reset = await (await admin.SendJsonAsync(HttpMethod.Patch, "organizations/retention", """{"body_retention_days": null}""")).ReadResultAsync(HttpStatusCode.OK);

        Assert.Equal((30, 30, true), (before.GetProperty("effective_event_retention_days").GetInt32(), before.GetProperty("effective_body_retention_days").GetInt32(),
            before.GetProperty("event_retention_days").ValueKind == System.Text.Json.JsonValueKind.Null));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.StartsWith("The body_retention_days must be a whole number of days", await MessageAsync(invalid));
        Assert.Equal((90, 7), (set.GetProperty("event_retention_days").GetInt32(), set.GetProperty("effective_body_retention_days").GetInt32()));
        Assert.Equal((90, 90), (reset.GetProperty("event_retention_days").GetInt32(), reset.GetProperty("effective_body_retention_days").GetInt32()));
    }

    private static async Task<string> MessageAsync(HttpResponseMessage response) =>
        (await response.ReadJsonAsync()).GetProperty("errors")[0].GetProperty("message").GetString()!;

    private async Task<HttpClient> ViewerClientAsync()
    {
        var key = await App.Services.GetRequiredService<ApiKeyService>().CreateAsync(App.OrganizationId, "auditor", ApiKeyRoles.Viewer);
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Add("SlashID-OrgID", App.OrganizationId.ToString());
        client.DefaultRequestHeaders.Add("SlashID-API-Key", key.Value!.Secret);
        return client;
    }
}
