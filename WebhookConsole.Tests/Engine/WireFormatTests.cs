using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Signing;
using WebhookConsole.Engine.Webhooks;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine;

/// <summary>
/// jwt and standard deliveries through the Engine to a real Receiver, each verified by code that does not share
/// the signer's path: Microsoft.IdentityModel with the published JWKS, and a Standard Webhooks check written here.
/// </summary>
public sealed class WireFormatTests() : EngineWithReceiver(new ManualTimeProvider(DateTimeOffset.UtcNow))
{
    [Fact]
    public async Task Dispatch_JwtWebhook_PostsAnEs256JwtThatVerifiesAgainstThePublishedJwks()
    {
        var webhook = await CreateAsync(WebhookFormat.Jwt, new Dictionary<string, string[]> { ["X-EXAMPLE"] = ["something"] });
        var published = await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "AuthenticationFailed_v1", """{"failure_reason":"no platform authenticator available"}"""));
        await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);

        var post = await Receiver.NextPostAsync();
        Assert.Equal("application/jwt", post.Headers["Content-Type"]);
        Assert.Equal("something", post.Headers["X-EXAMPLE"]);
        var result = await ValidateJwtAsync(post.BodyText, webhook.TargetUrl);
        Assert.True(result.IsValid, result.Exception?.Message);
        var token = (JsonWebToken)result.SecurityToken;
        Assert.Equal(
            ["aud", "exp", "iat", "iss", "jti", "sub", "target_url", "trigger_content", "trigger_name", "trigger_type", "webhook_id"],
            token.Claims.Select(c => c.Type).Distinct().Order());
        Assert.Equal(published.EventId.ToString(), token.Subject);
        Assert.Equal(webhook.Id.ToString(), token.GetClaim("webhook_id").Value);
        Assert.Equal("event", token.GetClaim("trigger_type").Value);
        Assert.Equal("AuthenticationFailed_v1", token.GetClaim("trigger_name").Value);
        Assert.Equal(token.IssuedAt.AddMinutes(5), token.ValidTo);
        Assert.Equal("ES256", token.Alg);
        using var content = JsonDocument.Parse(token.GetPayloadValue<JsonElement>("trigger_content").GetRawText());
        Assert.Equal("no platform authenticator available", content.RootElement.GetProperty("failure_reason").GetString());
    }

    [Fact]
    public async Task Dispatch_JwtRetryTwentyMinutesLater_IsSignedAfreshWithTheSameIds()
    {
        var webhook = await CreateAsync(WebhookFormat.Jwt);
        Receiver.PostStatuses.Enqueue(500);
        await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "AuthenticationFailed_v1", "{}"));
        await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);
        var first = new JsonWebToken((await Receiver.NextPostAsync()).BodyText);

        Time.Advance(TimeSpan.FromMinutes(20));
        await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);
        var second = await Receiver.NextPostAsync();

        var result = await ValidateJwtAsync(second.BodyText, webhook.TargetUrl);
        Assert.True(result.IsValid, result.Exception?.Message);
        var token = (JsonWebToken)result.SecurityToken;
        Assert.Equal(first.Id, token.Id);
        Assert.Equal(first.Subject, token.Subject);
        Assert.Equal(first.IssuedAt.AddMinutes(20), token.IssuedAt);
    }

    [Fact]
    public async Task Rotate_AfterRotation_NewDeliveriesUseTheFormerNextKeyAndTheOldKeyStaysPublished()
    {
        var webhook = await CreateAsync(WebhookFormat.Jwt);
        var keys = Engine.Services.GetRequiredService<SigningKeyService>();
        var before = await keys.GetPublishedAsync(Engine.Organization.Id);

        await keys.RotateAsync(Engine.Organization.Id);
        await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "AuthenticationFailed_v1", "{}"));
        await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);

        var token = new JsonWebToken((await Receiver.NextPostAsync()).BodyText);
        var after = await keys.GetPublishedAsync(Engine.Organization.Id);
        Assert.Equal(before.Single(k => k.State == SigningKeyState.Next).Kid, token.Kid);
        Assert.Contains(after, k => k.Kid == before.Single(b => b.State == SigningKeyState.Current).Kid && k.State == SigningKeyState.Retired);
        Assert.Equal(3, after.Count);
        Assert.True((await ValidateJwtAsync(token.EncodedToken, webhook.TargetUrl)).IsValid);
    }

    [Fact]
    public async Task Dispatch_StandardWebhook_SignsPerStandardWebhooksV1AndStandardWebhooksSpec()
    {
        var created = await Engine.Webhooks.CreateAsync(Engine.Organization.Id, new WebhookInput
        {
            Name = "Standard",
            TargetUrl = Receiver.Url,
            Format = WebhookFormat.Standard,
            Channels = null,
            Triggers = [new TriggerInput(TriggerType.Event, "PersonCreated_v1")],
        });
        var secret = created.Value!.Secret!;
        Assert.StartsWith("whsec_", secret);
        var published = await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "PersonCreated_v1", """{"person_id":"p1"}"""));
        await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);

        var post = await Receiver.NextPostAsync();
        Assert.True(VerifyStandard(secret, post, Time.GetUtcNow()));
        Assert.Equal(published.EventId.ToString(), post.Headers["webhook-id"]);
        Assert.Equal(post.Headers["webhook-id"], post.Headers["X-Webhook-ID"]);
        Assert.Equal(post.Headers["webhook-timestamp"], post.Headers["X-Webhook-Timestamp"]);
        var hmac = Convert.FromBase64String(post.Headers["webhook-signature"]["v1,".Length..]);
        Assert.Equal("sha256=" + Convert.ToHexString(hmac).ToLowerInvariant(), post.Headers["X-Webhook-Signature"]);
        using var body = JsonDocument.Parse(post.Body);
        Assert.Equal(published.EventId.ToString(), body.RootElement.GetProperty("id").GetString());
        Assert.Equal("PersonCreated_v1", body.RootElement.GetProperty("type").GetString());
        Assert.Equal(Time.GetUtcNow().ToUnixTimeSeconds(), body.RootElement.GetProperty("created").GetInt64());
        Assert.Equal("p1", body.RootElement.GetProperty("data").GetProperty("person_id").GetString());
    }

    [Fact]
    public async Task StandardFormat_PreviousSecretInGrace_CarriesBothSignatures()
    {
        var current = WebhookSecrets.Generate(WebhookFormat.Standard);
        var previous = WebhookSecrets.Generate(WebhookFormat.Standard);
        var evt = new WebhookEvent { Id = Guid.NewGuid(), Name = "PersonCreated_v1", Payload = "{}", ReceivedAt = Time.GetUtcNow() };
        var context = new DeliveryContext(Guid.NewGuid(), evt, new Webhook { Name = "w", TargetUrl = "https://example.com" }, Engine.Organization,
            current, "https://hub.example.test", Time.GetUtcNow(), previous);

        var request = new StandardFormat().Build(context);

        var signatures = request.Headers.Single(h => h.Key == "webhook-signature").Value.Split(' ');
        Assert.Equal(2, signatures.Length);
        var post = new ReceivedRequest("POST", "/", request.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase),
            new Dictionary<string, string>(), request.Body, null);
        Assert.True(VerifyStandard(current, post, Time.GetUtcNow()));
        Assert.True(VerifyStandard(previous, post, Time.GetUtcNow()));
        Assert.False(VerifyStandard(WebhookSecrets.Generate(WebhookFormat.Standard), post, Time.GetUtcNow()));
    }

    private async Task<Webhook> CreateAsync(WebhookFormat format, Dictionary<string, string[]>? headers = null)
    {
        var result = await Engine.Webhooks.CreateAsync(Engine.Organization.Id, new WebhookInput
        {
            Name = "jwt",
            TargetUrl = Receiver.Url,
            Format = format,
            Channels = null,
            CustomHeaders = headers,
            Triggers = [new TriggerInput(TriggerType.Event, "AuthenticationFailed_v1")],
        });
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Message)));
        Assert.Equal(WebhookStatus.Active, result.Value!.Webhook.Status);
        return result.Value.Webhook;
    }

    // What SlashID's webhooks guide asks a Receiver to check, done with Microsoft.IdentityModel and the JWKS as JSON.
    private async Task<TokenValidationResult> ValidateJwtAsync(string token, string targetUrl)
    {
        var keys = await Engine.Services.GetRequiredService<SigningKeyService>().GetPublishedAsync(Engine.Organization.Id);
        var jwks = new JsonWebKeySet(JsonSerializer.Serialize(Jwks.From(keys), new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidAudience = Engine.Organization.Id.ToString(),
            ValidIssuer = "https://hub.example.test",
            ValidAlgorithms = ["ES256"],
            LifetimeValidator = (_, expires, _, _) => expires > Time.GetUtcNow().UtcDateTime,
        });
        if (result.IsValid && ((JsonWebToken)result.SecurityToken).GetClaim("target_url").Value != targetUrl)
        {
            return new TokenValidationResult { IsValid = false, Exception = new SecurityTokenException("target_url mismatch") };
        }

        return result;
    }

    // Standard Webhooks' verification, written from the spec: HMAC over "{id}.{timestamp}.{body}" with the
    // base64-decoded secret, any one of the space-separated v1 signatures, timestamp within 5 minutes.
    private static bool VerifyStandard(string secret, ReceivedRequest post, DateTimeOffset now)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var timestamp = long.Parse(post.Headers["webhook-timestamp"]);
        if (Math.Abs(now.ToUnixTimeSeconds() - timestamp) > 300)
        {
            return false;
        }

        var expected = new HMACSHA256(key).ComputeHash(Encoding.UTF8.GetBytes($"{post.Headers["webhook-id"]}.{timestamp}.{post.BodyText}"));
        return post.Headers["webhook-signature"].Split(' ')
            .Where(s => s.StartsWith("v1,", StringComparison.Ordinal))
            .Any(s => CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(s[3..]), expected));
    }
}
