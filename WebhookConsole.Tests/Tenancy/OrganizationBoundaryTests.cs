using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Engine.Security;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Tenancy;

/// <summary>
/// Organization B, with its own key and admin, tries every API route and console page with organization A's ids:
/// every answer is 404, none shows anything of A, and A's webhook is as it was. Events reach only their own
/// organization's webhooks; signing keys are per organization.
/// </summary>
public sealed class OrganizationBoundaryTests(TwoTenants tenants) : IClassFixture<TwoTenants>
{
    public static TheoryData<string, string, string?> RoutesWithAnotherOrganizationsIds => new()
    {
        { "GET", "organizations/webhooks/{webhook}", null },
        { "PATCH", "organizations/webhooks/{webhook}", """{"name": "taken over"}""" },
        { "DELETE", "organizations/webhooks/{webhook}", null },
        { "GET", "organizations/webhooks/{webhook}/triggers", null },
        { "POST", "organizations/webhooks/{webhook}/triggers", """{"trigger_type": "event", "trigger_name": "PersonDeleted_v1"}""" },
        { "DELETE", "organizations/webhooks/{webhook}/triggers?trigger_type=event&trigger_name=PersonCreated_v1", null },
        { "POST", "organizations/webhooks/{webhook}/activate", null },
        { "POST", "organizations/webhooks/{webhook}/deactivate", null },
        { "POST", "organizations/webhooks/{webhook}/verification/resend", null },
        { "GET", "organizations/webhooks/{webhook}/deliveries", null },
        { "POST", "organizations/webhooks/{webhook}/recover", """{"since": "2020-01-01T00:00:00Z"}""" },
        { "POST", "organizations/webhooks/{webhook}/secret/rotate", """{"secret": "a-new-secret-of-sixteen"}""" },
        { "GET", "deliveries/{delivery}", null },
        { "POST", "deliveries/{delivery}/redeliver", null },
    };

    [Theory]
    [MemberData(nameof(RoutesWithAnotherOrganizationsIds))]
    public async Task ApiRoute_WithAnotherOrganizationsId_Is404AndChangesNothing(string method, string route, string? body)
    {
        var path = route.Replace("{webhook}", tenants.WebhookA).Replace("{delivery}", tenants.DeliveryA);

        using var response = await tenants.ClientB.SendJsonAsync(new HttpMethod(method), path, body);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {route}: {response.StatusCode} {text}");
        Assert.DoesNotContain("a-secret-webhook", text);
        Assert.DoesNotContain(tenants.ReceiverA.Url, text);
        Assert.DoesNotContain(tenants.EventA, text);
        Assert.Equal(tenants.WebhookAJson, await tenants.ReadWebhookAAsync());
    }

    [Fact]
    public async Task Lists_OfAnotherOrganization_HoldOnlyItsOwnWebhooks()
    {
        var listed = await (await tenants.ClientB.GetAsync("organizations/webhooks")).ReadResultAsync(HttpStatusCode.OK);

        Assert.Equal([tenants.WebhookB], listed.EnumerateArray().Select(w => w.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Body_NamingAnotherOrganization_IsRefusedWithoutItsData()
    {
        using var foreignOrganization = await tenants.ClientB.SendJsonAsync(HttpMethod.Post, "events",
            System.Text.Json.JsonSerializer.Serialize(new { event_name = TwoTenants.EventName, payload = new { event_metadata = new { organization_id = tenants.OrganizationA } } }));
        using var foreignEventId = await tenants.ClientB.SendJsonAsync(HttpMethod.Post, "events",
            System.Text.Json.JsonSerializer.Serialize(new { event_name = TwoTenants.EventName, payload = new { event_metadata = new { event_id = tenants.EventA } } }));
        using var foreignHeader = new HttpRequestMessage(HttpMethod.Get, "organizations/webhooks");
        foreignHeader.Headers.Add("SlashID-OrgID", tenants.OrganizationA.ToString());
        using var client = new HttpClient { BaseAddress = tenants.BaseAddress };
        foreignHeader.Headers.Add("SlashID-API-Key", tenants.ClientB.DefaultRequestHeaders.GetValues("SlashID-API-Key").Single());
        using var keyOfB = await client.SendAsync(foreignHeader);

        Assert.Equal(HttpStatusCode.BadRequest, foreignOrganization.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, foreignEventId.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, keyOfB.StatusCode);
        foreach (var response in new[] { foreignOrganization, foreignEventId, keyOfB })
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("a-secret-webhook", text);
            Assert.DoesNotContain(tenants.WebhookA, text);
        }
    }

    [Fact]
    public async Task ApiKeyRevoke_WithAnotherOrganizationsKeyId_IsNotFoundAndTheKeyStillWorks()
    {
        var keys = tenants.App.Services.GetRequiredService<ApiKeyService>();
        var keyOfA = (await keys.ListAsync(tenants.OrganizationA)).First(k => k.Role == "admin");

        var revoked = await keys.RevokeAsync(tenants.OrganizationB, keyOfA.Id);

        Assert.Equal(WebhookConsole.Engine.Webhooks.CommandStatus.NotFound, revoked.Status);
        Assert.Equal(HttpStatusCode.OK, (await tenants.ClientA.GetAsync("organizations/webhooks")).StatusCode);
    }

    [Theory]
    [InlineData("webhooks/{webhook}")]
    [InlineData("deliveries/{delivery}")]
    [InlineData("sync-hooks/{hook}")]
    public async Task ConsolePage_WithAnotherOrganizationsId_Is404WithoutItsData(string route)
    {
        using var owner = new ConsoleBrowser(tenants.BaseAddress);
        (await owner.LogInAsync(ConsoleApp.AdminEmail, ConsoleApp.AdminPassword)).Dispose();
        using var browser = new ConsoleBrowser(tenants.BaseAddress);
        (await browser.LogInAsync(TwoTenants.AdminB, TwoTenants.AdminBPassword)).Dispose();
        var path = route.Replace("{webhook}", tenants.WebhookA).Replace("{delivery}", tenants.DeliveryA).Replace("{hook}", tenants.SyncHookA);

        using var ownersView = await owner.GetPageAsync(path);
        using var foreign = await browser.GetPageAsync(path);
        using var own = await browser.GetAsync($"webhooks/{tenants.WebhookB}");

        var text = await foreign.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, ownersView.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.DoesNotContain("a-secret-webhook", text);
        Assert.DoesNotContain(tenants.ReceiverA.Url, text);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains("b webhook", await own.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("deliveries?webhook={webhook}")]
    [InlineData("jobs")]
    public async Task ConsoleList_OfAnotherOrganization_ShowsNothingOfIt(string route)
    {
        using var browser = new ConsoleBrowser(tenants.BaseAddress);
        (await browser.LogInAsync(TwoTenants.AdminB, TwoTenants.AdminBPassword)).Dispose();

        using var page = await browser.GetPageAsync(route.Replace("{webhook}", tenants.WebhookA));

        var text = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("a-secret-webhook", text);
        Assert.DoesNotContain(tenants.DeliveryA, text);
        Assert.Contains("tenant-b", text);
    }

    [Fact]
    public async Task Event_PublishedForOneOrganization_ReachesOnlyItsWebhooks()
    {
        var eventB = (await TwoTenants.PublishAsync(tenants.ClientB, "p-b")).GetProperty("id").GetString();

        var post = await tenants.ReceiverB.NextPostAsync();

        var token = new JsonWebToken(post.BodyText);
        Assert.Equal(eventB, token.Subject);
        Assert.Equal(tenants.OrganizationB.ToString(), token.GetClaim("aud").Value);
        await using var db = await tenants.App.Services.GetRequiredService<IDbContextFactory<WebhookDbContext>>().CreateDbContextAsync();
        var webhooksOfA = await db.Deliveries.Where(d => d.EventId == Guid.Parse(tenants.EventA)).Select(d => d.WebhookId).ToListAsync();
        var webhooksOfB = await db.Deliveries.Where(d => d.EventId == Guid.Parse(eventB!)).Select(d => d.WebhookId).ToListAsync();
        Assert.Equal([Guid.Parse(tenants.WebhookA)], webhooksOfA);
        Assert.Equal([Guid.Parse(tenants.WebhookB)], webhooksOfB);
    }

    [Fact]
    public async Task Jwks_IsPerOrganization()
    {
        var kidsOfA = await KidsAsync(tenants.OrganizationA);
        var kidsOfB = await KidsAsync(tenants.OrganizationB);

        Assert.NotEmpty(kidsOfA);
        Assert.NotEmpty(kidsOfB);
        Assert.Empty(kidsOfA.Intersect(kidsOfB));
    }

    [Fact]
    public async Task PlatformApi_WithAnOrganizationsKeyOrNone_IsRefused()
    {
        using var anonymous = new HttpClient { BaseAddress = tenants.BaseAddress };

        using var organizationKey = await tenants.ClientB.GetAsync("platform/organizations");
        using var none = await anonymous.GetAsync("platform/organizations");

        Assert.Equal(HttpStatusCode.Forbidden, organizationKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.DoesNotContain("tenant-b", await organizationKey.Content.ReadAsStringAsync());
    }

    private async Task<List<string>> KidsAsync(Guid organizationId)
    {
        using var client = new HttpClient { BaseAddress = tenants.BaseAddress };
        client.DefaultRequestHeaders.Add("SlashID-OrgID", organizationId.ToString());
        var jwks = await (await client.GetAsync("organizations/webhooks/verification-jwks")).ReadJsonAsync();
        return [.. jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!)];
    }
}
