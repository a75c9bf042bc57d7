using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Security;
using WebhookConsole.Engine.Signing;
using WebhookConsole.Engine.Webhooks;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine.Signing;

/// <summary>
/// A websub or standard request body is not stored with its attempt but rebuilt from its event when the log shows it:
/// byte for byte what the receiver got, so the stored signature verifies against it (checked here with HMAC code of the
/// test's own), even after the values it was made of change; a jwt body is stored whole.
/// </summary>
public sealed class RebuiltRequestBodyTests : EngineWithReceiver
{
    private const string PayloadMarker = "rebuilt-body-marker-7d41c0";

    private DeliveryLog Log => Engine.Services.GetRequiredService<DeliveryLog>();

    [Fact]
    public async Task GetAsync_WebSubDelivery_ShowsTheBytesTheReceiverGotWhileTheRowHoldsOnlyTheRecipe()
    {
        var (secret, post) = await DeliverAsync(WebhookFormat.WebSub);

        var attempt = await ShownAttemptAsync();

        Assert.Equal(post.Body, Encoding.UTF8.GetBytes(attempt.RequestBody));
        Assert.Equal(HubSignature(secret, attempt.RequestBody), post.Headers["x-hub-signature"]);
        var stored = (string)SqliteFile.Scalar(Engine.DatabasePath, "SELECT RequestBody FROM attempts")!;
        Assert.StartsWith(PayloadCipher.Prefix, stored);
        Assert.DoesNotContain(PayloadMarker, stored);
        Assert.True(stored.Length < post.Body.Length / 2, $"The stored recipe is {stored.Length} characters long, the body {post.Body.Length} bytes.");
    }

    [Fact]
    public async Task GetAsync_StandardDelivery_ShowsTheBytesTheReceiverGotAndTheirStoredSignatureVerifies()
    {
        var (secret, post) = await DeliverAsync(WebhookFormat.Standard);

        var attempt = await ShownAttemptAsync();

        Assert.Equal(post.Body, Encoding.UTF8.GetBytes(attempt.RequestBody));
        var headers = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string[]>>(attempt.RequestHeaders)!;
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var signed = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{headers["webhook-id"][0]}.{headers["webhook-timestamp"][0]}.{attempt.RequestBody}"));
        Assert.Equal("v1," + Convert.ToBase64String(signed), headers["webhook-signature"][0]);
        Assert.Equal(RebuiltRequestBody.Standard, SqliteFile.Scalar(Engine.DatabasePath, "SELECT RequestBody FROM attempts"));
    }

    [Fact]
    public async Task GetAsync_OrganizationRenamedAfterTheDelivery_StillShowsTheIssuerThatWasSent()
    {
        var (_, post) = await DeliverAsync(WebhookFormat.WebSub);

        await ExecuteAsync("UPDATE organizations SET Handle = 'renamed-later'");

        Assert.Equal(post.BodyText, (await ShownAttemptAsync()).RequestBody);
        Assert.DoesNotContain("renamed-later", post.BodyText);
    }

    [Fact]
    public async Task GetAsync_JwtDelivery_StoresItsBodyWholeAndEncrypted()
    {
        var (_, post) = await DeliverAsync(WebhookFormat.Jwt);

        Assert.Equal(post.BodyText, (await ShownAttemptAsync()).RequestBody);
        var stored = (string)SqliteFile.Scalar(Engine.DatabasePath, "SELECT RequestBody FROM attempts")!;
        Assert.False(RebuiltRequestBody.IsRecipe(stored));
        Assert.StartsWith(PayloadCipher.Prefix, stored);
    }

    [Fact]
    public async Task GetAsync_RecipeOfAnotherVersion_IsRefusedNamingTheDeliveryAndAttempt()
    {
        await DeliverAsync(WebhookFormat.WebSub);
        var deliveryId = (await Log.ListAsync(Engine.Organization.Id)).Single().Id;

        await ExecuteAsync($"UPDATE attempts SET RequestBody = '{PayloadCipher.Prefix}!rebuilt cbor'");

        var refused = await Assert.ThrowsAsync<StoredValueException>(() => Log.GetAsync(Engine.Organization.Id, deliveryId));
        Assert.Equal($"The stored request body (attempts.RequestBody) of delivery {deliveryId}, attempt 1, is not a body this version can rebuild.", refused.Message);
    }

    // One event delivered to a webhook of the format (websub switched on by its verification of intent); its secret and the request received.
    private async Task<(string Secret, ReceivedRequest Post)> DeliverAsync(WebhookFormat format)
    {
        string secret;
        if (format == WebhookFormat.WebSub)
        {
            secret = (await Engine.CreateActiveWebhookAsync(Receiver.Url, "login")).Secret!;
        }
        else
        {
            var created = await Engine.Webhooks.CreateAsync(Engine.Organization.Id, new WebhookInput
            {
                Name = format.ToString(), TargetUrl = Receiver.Url, Format = format, Channels = null,
                Triggers = [new TriggerInput(TriggerType.Event, "AuthenticationSucceeded_v1")],
            });
            Assert.True(created.Succeeded);
            secret = created.Value!.Secret ?? "";
        }

        var published = await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "AuthenticationSucceeded_v1", $$"""{"person_id": "{{PayloadMarker}}"}"""));
        Assert.True(published.Accepted, string.Join(" ", published.Errors.Select(e => e.Message)));
        Assert.Equal(1, await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None));
        return (secret, await Receiver.NextPostAsync());
    }

    private async Task<Attempt> ShownAttemptAsync()
    {
        var id = (await Log.ListAsync(Engine.Organization.Id)).Single().Id;
        return Assert.Single((await Log.GetAsync(Engine.Organization.Id, id))!.Attempts);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var db = await Engine.CreateDbContextAsync();
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    // x-hub-signature as Asgardeo's WebSub guide defines it: sha256= and the lower-case hex HMAC of the body.
    private static string HubSignature(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));
}
