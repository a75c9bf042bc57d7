using System.Net;
using Microsoft.IdentityModel.JsonWebTokens;
using WebhookConsole.Engine.Receiving;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Api;

/// <summary>Secret and signing-key rotation through the real app: receivers keep verifying across a rotation.</summary>
public sealed class RotationApiTests : IAsyncLifetime
{
    private readonly ConsoleApp app = new();
    private HttpClient client = null!;
    private TestReceiver receiver = null!;

    public async Task InitializeAsync()
    {
        receiver = await TestReceiver.StartAsync();
        client = app.CreateApiClient(app.Start());
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await app.DisposeAsync();
        await receiver.DisposeAsync();
    }

    [Fact]
    public async Task RotateSecret_StandardWebhook_DeliveriesCarryTheNewAndTheOldSignatureDuringGrace()
    {
        var (id, oldSecret) = await CreateAsync("standard");

        var rotated = await (await client.SendJsonAsync(HttpMethod.Post, $"organizations/webhooks/{id}/secret/rotate", """{"grace": "1h"}"""))
            .ReadResultAsync(HttpStatusCode.OK);
        await PublishAsync();
        var post = await receiver.NextPostAsync();

        var newSecret = rotated.GetProperty("secret").GetString()!;
        Assert.NotEqual(oldSecret, newSecret);
        Assert.Equal(2, post.Headers["webhook-signature"].Split(' ').Length);
        Assert.True(WebhookVerifier.VerifyStandard(newSecret, post.Headers, post.Body, DateTimeOffset.UtcNow).IsValid);
        Assert.True(WebhookVerifier.VerifyStandard(oldSecret, post.Headers, post.Body, DateTimeOffset.UtcNow).IsValid);
        var webhook = await (await client.GetAsync($"organizations/webhooks/{id}")).ReadResultAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(newSecret, webhook.GetRawText());
    }

    [Theory]
    [InlineData("""{"grace": "200h"}""", "between 0s and 168h")]
    [InlineData("""{"grace": 5}""", "between 0s and 168h")]
    [InlineData("""{"secret": "short"}""", "whsec_")]
    [InlineData("""{"colour": "red"}""", "'colour' is not known")]
    public async Task RotateSecret_BadBody_AnswersTheRuleAndKeepsTheSecret(string body, string message)
    {
        var (id, oldSecret) = await CreateAsync("standard");

        var response = await client.SendJsonAsync(HttpMethod.Post, $"organizations/webhooks/{id}/secret/rotate", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (await response.ReadJsonAsync()).GetProperty("errors")[0].GetProperty("message").GetString());
        await PublishAsync();
        var post = await receiver.NextPostAsync();
        Assert.True(WebhookVerifier.VerifyStandard(oldSecret, post.Headers, post.Body, DateTimeOffset.UtcNow).IsValid);
    }

    [Fact]
    public async Task RotateKey_JwtWebhook_NextKeySignsAndTheOldOneStaysPublished()
    {
        await CreateAsync("jwt");
        using var anonymous = new HttpClient { BaseAddress = client.BaseAddress };
        anonymous.DefaultRequestHeaders.Add("SlashID-OrgID", app.OrganizationId.ToString());
        await PublishAsync();
        var before = new JsonWebToken((await receiver.NextPostAsync()).BodyText);

        var jwks = await (await client.PostAsync("organizations/webhooks/verification-jwks/rotate", null)).ReadResultAsync(HttpStatusCode.OK);
        await PublishAsync();
        var after = new JsonWebToken((await receiver.NextPostAsync()).BodyText);

        Assert.NotEqual(before.Kid, after.Kid);
        var kids = jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()).ToList();
        Assert.Equal(3, kids.Count);
        Assert.Contains(before.Kid, kids);
        Assert.Contains(after.Kid, kids);
        var published = await anonymous.GetStringAsync("organizations/webhooks/verification-jwks");
        Assert.True((await WebhookVerifier.VerifyJwtAsync(after.EncodedToken, published, app.OrganizationId.ToString(), "http://localhost:5080",
            receiver.Url, DateTimeOffset.UtcNow)).IsValid);
    }

    private async Task<(string Id, string Secret)> CreateAsync(string format)
    {
        var created = await (await client.SendJsonAsync(HttpMethod.Post, "organizations/webhooks",
            $$"""{"target_url": "{{receiver.Url}}", "name": "rotation", "format": "{{format}}"}""")).ReadResultAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        await (await client.SendJsonAsync(HttpMethod.Post, $"organizations/webhooks/{id}/triggers",
            """{"trigger_type": "event", "trigger_name": "PersonCreated_v1"}""")).ReadResultAsync(HttpStatusCode.Created);
        return (id, created.GetProperty("secret").GetString() ?? "");
    }

    private async Task PublishAsync() =>
        await (await client.SendJsonAsync(HttpMethod.Post, "events", """{"event_name": "PersonCreated_v1", "payload": {}}""")).ReadResultAsync(HttpStatusCode.Accepted);
}
