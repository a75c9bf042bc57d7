using System.Net;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Tenancy;

/// <summary>
/// What the platform API does to an organization, seen from the outside: disabling refuses its events with a clear
/// error and holds its deliveries (nothing deleted) until it is enabled; sub-organizations sit one level below their
/// parent, whose operators may open them; bad input names the field and writes nothing.
/// </summary>
public sealed class OrganizationLifecycleTests(TwoTenants tenants) : IClassFixture<TwoTenants>
{
    [Fact]
    public async Task Disable_RefusesEventsAndHoldsDeliveriesUntilEnabled()
    {
        var deliveryB = (await (await tenants.ClientB.GetAsync($"organizations/webhooks/{tenants.WebhookB}/deliveries")).ReadResultAsync(HttpStatusCode.OK))
            .EnumerateArray().Select(d => d.GetProperty("id").GetString()).FirstOrDefault();
        if (deliveryB is null)
        {
            await TwoTenants.PublishAsync(tenants.ClientB, "p-b0");
            await tenants.ReceiverB.NextPostAsync();
            deliveryB = (await (await tenants.ClientB.GetAsync($"organizations/webhooks/{tenants.WebhookB}/deliveries")).ReadResultAsync(HttpStatusCode.OK))[0]
                .GetProperty("id").GetString();
        }

        while (tenants.ReceiverB.TryTakePost(out _))
        {
        }

        var disabled = await (await tenants.Platform.SendJsonAsync(HttpMethod.Post, $"platform/organizations/{tenants.OrganizationB}/disable")).ReadResultAsync(HttpStatusCode.OK);
        try
        {
            Assert.True(disabled.GetProperty("disabled").GetBoolean());
            using var refused = await tenants.ClientB.SendJsonAsync(HttpMethod.Post, "events", """{"event_name": "PersonCreated_v1", "payload": {}}""");
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains($"The organization {tenants.OrganizationB} is disabled", await refused.Content.ReadAsStringAsync());
            // Its data stays readable, and a delivery queued while it is disabled waits.
            var redelivered = await (await tenants.ClientB.SendJsonAsync(HttpMethod.Post, $"deliveries/{deliveryB}/redeliver")).ReadResultAsync(HttpStatusCode.Accepted);
            Assert.Equal("pending", redelivered.GetProperty("status").GetString());
            // A's event, accepted after B's redelivery was queued, is delivered by a claim that saw B's due row too.
            var sentinel = (await TwoTenants.PublishAsync(tenants.ClientA, "p-sentinel")).GetProperty("id").GetString();
            await NextPostOfEventAsync(tenants.ReceiverA, sentinel!);
            var waiting = await (await tenants.ClientB.GetAsync($"deliveries/{deliveryB}")).ReadResultAsync(HttpStatusCode.OK);
            Assert.Equal("pending", waiting.GetProperty("status").GetString());
            Assert.False(tenants.ReceiverB.TryTakePost(out _));
        }
        finally
        {
            await (await tenants.Platform.SendJsonAsync(HttpMethod.Post, $"platform/organizations/{tenants.OrganizationB}/enable")).ReadResultAsync(HttpStatusCode.OK);
        }

        await tenants.ReceiverB.NextPostAsync();
        using var accepted = await tenants.ClientB.SendJsonAsync(HttpMethod.Post, "events", """{"event_name": "PersonCreated_v1", "payload": {}}""");
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }

    [Fact]
    public async Task SubOrganization_IsOneLevelBelowItsParentWhoseAdminMayOpenItButNotAnotherOrganization()
    {
        var sub = await (await tenants.Platform.SendJsonAsync(HttpMethod.Post, "platform/organizations",
            $$"""{"handle": "tenant-b-emea", "name": "Tenant B EMEA", "parent_id": "{{tenants.OrganizationB}}"}""")).ReadResultAsync(HttpStatusCode.Created);
        var subId = sub.GetProperty("id").GetString();

        Assert.Equal(1, sub.GetProperty("depth").GetInt32());
        Assert.Equal(tenants.OrganizationB.ToString(), sub.GetProperty("parent_id").GetString());
        using var adminOfB = new ConsoleBrowser(tenants.BaseAddress);
        (await adminOfB.LogInAsync(TwoTenants.AdminB, TwoTenants.AdminBPassword)).Dispose();
        using var opened = await adminOfB.PostFormAsync("organization", new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await adminOfB.AntiforgeryTokenAsync(""),
            ["organization_id"] = subId!,
        });
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        using var home = await adminOfB.GetPageAsync("");
        Assert.Contains("tenant-b-emea", await home.Content.ReadAsStringAsync());
        using var foreign = await adminOfB.PostFormAsync("organization", new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await adminOfB.AntiforgeryTokenAsync(""),
            ["organization_id"] = tenants.OrganizationA.ToString(),
        });
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }

    [Theory]
    [InlineData("""{"handle": "Not A Handle!"}""", HttpStatusCode.BadRequest, "The organization handle must be 1 to 63 lowercase letters")]
    [InlineData("""{"handle": "tenant-b"}""", HttpStatusCode.Conflict, "The handle tenant-b is already another organization's")]
    [InlineData("""{"handle": "orphan", "parent_id": "00000000-0000-0000-0000-000000000001"}""", HttpStatusCode.BadRequest, "The parent_id must be the id of an existing organization")]
    [InlineData("""{"handle": "typed", "parent_id": 7}""", HttpStatusCode.BadRequest, "The parent_id field must be an id")]
    [InlineData("""{"handle": "extra", "color": "red"}""", HttpStatusCode.BadRequest, "color")]
    public async Task Create_WithBadInput_NamesTheFieldAndWritesNothing(string body, HttpStatusCode status, string message)
    {
        var before = (await (await tenants.Platform.GetAsync("platform/organizations")).ReadResultAsync(HttpStatusCode.OK)).GetArrayLength();

        using var response = await tenants.Platform.SendJsonAsync(HttpMethod.Post, "platform/organizations", body);

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
        Assert.Equal(before, (await (await tenants.Platform.GetAsync("platform/organizations")).ReadResultAsync(HttpStatusCode.OK)).GetArrayLength());
    }

    private static async Task NextPostOfEventAsync(TestReceiver receiver, string eventId)
    {
        while (true)
        {
            var post = await receiver.NextPostAsync();
            if (new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(post.BodyText).Subject == eventId)
            {
                return;
            }
        }
    }
}
