using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WebhookConsole.Engine.Receiving;
using WebhookConsole.Engine.Signing;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine.Receiving;

/// <summary>Tokens signed by <see cref="JwtFormat"/> with the organization's key from <see cref="SigningKeyService"/>.</summary>
public sealed class JwtVerificationTests : IAsyncLifetime
{
    private const string Payload = """{"event_metadata":{"event_id":"e1","event_name":"AuthenticationFailed_v1"},"failure_reason":"no platform authenticator available"}""";
    private static readonly DateTimeOffset Now = SignedRequests.SentAt.AddSeconds(2);

    private EngineHost engine = null!;
    private SigningKeyService keys = null!;
    private EcSigningKey key = null!;
    private string jwks = null!;

    private string OrganizationId => engine.Organization.Id.ToString();

    public async Task InitializeAsync()
    {
        engine = await EngineHost.StartAsync();
        keys = engine.Services.GetRequiredService<SigningKeyService>();
        key = await keys.GetCurrentAsync(engine.Organization.Id);
        jwks = SignedRequests.JwksJson(await keys.GetPublishedAsync(engine.Organization.Id));
    }

    public async Task DisposeAsync() => await engine.DisposeAsync();

    [Fact]
    public async Task VerifyJwtAsync_JwtFormatRequest_ReturnsTheClaims()
    {
        var context = Context();

        var result = await VerifyAsync(Sign(context));

        Assert.True(result.IsValid, result.Error);
        var claims = result.Claims!;
        Assert.Equal(context.DeliveryId.ToString(), claims.Jti);
        Assert.Equal(context.Event.Id.ToString(), claims.Subject);
        Assert.Equal(context.Webhook.Id.ToString(), claims.WebhookId);
        Assert.Equal(SignedRequests.TargetUrl, claims.TargetUrl);
        Assert.Equal("event", claims.TriggerType);
        Assert.Equal("AuthenticationFailed_v1", claims.TriggerName);
        Assert.Equal("no platform authenticator available", claims.TriggerContent.GetProperty("failure_reason").GetString());
        Assert.Equal(SignedRequests.SentAt, claims.IssuedAt);
        Assert.Equal(SignedRequests.SentAt.AddMinutes(5), claims.ExpiresAt);
        Assert.False(result.UnknownKey);
    }

    [Fact]
    public async Task VerifyJwtAsync_HandBuiltToken_IsValid()
    {
        // A token made without JwtFormat (own JSON, own base64url, ECDsa directly): the verifier does not just agree with the signer.
        var header = B64("""{"alg":"ES256","typ":"JWT","kid":"KID"}""".Replace("KID", key.Kid, StringComparison.Ordinal));
        var claims = new
        {
            jti = "j1", aud = OrganizationId, sub = "s1", iss = SignedRequests.PublicBaseUrl, iat = SignedRequests.SentAt.ToUnixTimeSeconds(),
            exp = SignedRequests.SentAt.ToUnixTimeSeconds() + 300, webhook_id = "w1", target_url = SignedRequests.TargetUrl,
            trigger_type = "event", trigger_name = "PersonCreated_v1", trigger_content = new { person_id = "p1" },
        };
        var payload = B64(JsonSerializer.Serialize(claims));
        var signature = B64(key.Key.SignData(Encoding.ASCII.GetBytes(header + "." + payload), HashAlgorithmName.SHA256));

        var result = await VerifyAsync($"{header}.{payload}.{signature}");

        Assert.True(result.IsValid, result.Error);
        Assert.Equal("j1", result.Claims!.Jti);
        Assert.Equal("p1", result.Claims.TriggerContent.GetProperty("person_id").GetString());
    }

    [Fact]
    public void EngineToken_PlainEcdsaWithTheJwksCoordinates_VerifiesTheSignature()
    {
        // The other direction, without the verifier's code path: P-256 public key from the JWKS's x and y, r||s signature.
        var token = Sign(Context());
        var parts = token.Split('.');
        using var doc = JsonDocument.Parse(jwks);
        var jwk = doc.RootElement.GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("kid").GetString() == key.Kid);
        using var ecdsa = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = FromB64(jwk.GetProperty("x").GetString()!), Y = FromB64(jwk.GetProperty("y").GetString()!) },
        });

        Assert.True(ecdsa.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), FromB64(parts[2]), HashAlgorithmName.SHA256));
        Assert.Equal(["verify"], jwk.GetProperty("key_ops").EnumerateArray().Select(o => o.GetString()));
    }

    [Fact]
    public async Task VerifyJwtAsync_WrongAudience_IsInvalid()
    {
        var result = await WebhookVerifier.VerifyJwtAsync(Sign(Context()), jwks, Guid.NewGuid().ToString(), SignedRequests.PublicBaseUrl, SignedRequests.TargetUrl, Now);

        Assert.False(result.IsValid);
        Assert.Contains("aud", result.Error);
        Assert.Null(result.Claims);
    }

    [Fact]
    public async Task VerifyJwtAsync_WrongIssuer_IsInvalid()
    {
        var result = await WebhookVerifier.VerifyJwtAsync(Sign(Context()), jwks, OrganizationId, "https://evil.example.test", SignedRequests.TargetUrl, Now);

        Assert.False(result.IsValid);
        Assert.Contains("iss", result.Error);
    }

    [Fact]
    public async Task VerifyJwtAsync_WrongTargetUrl_IsInvalid()
    {
        var result = await WebhookVerifier.VerifyJwtAsync(Sign(Context()), jwks, OrganizationId, SignedRequests.PublicBaseUrl, SignedRequests.TargetUrl + "/other", Now);

        Assert.False(result.IsValid);
        Assert.Contains("target_url", result.Error);
    }

    [Theory]
    [InlineData(299, true)]
    [InlineData(300, false)]
    [InlineData(3600, false)]
    public async Task VerifyJwtAsync_ReceivedSecondsAfterSigning_IsRefusedFromExpOn(int seconds, bool valid)
    {
        var result = await WebhookVerifier.VerifyJwtAsync(Sign(Context()), jwks, OrganizationId, SignedRequests.PublicBaseUrl, SignedRequests.TargetUrl,
            SignedRequests.SentAt.AddSeconds(seconds));

        Assert.Equal(valid, result.IsValid);
        if (!valid)
        {
            Assert.Contains("expired", result.Error);
        }
    }

    [Fact]
    public async Task VerifyJwtAsync_TamperedPayload_IsInvalid()
    {
        var parts = Sign(Context()).Split('.');
        var claims = Encoding.UTF8.GetString(FromB64(parts[1])).Replace("no platform authenticator", "all good here", StringComparison.Ordinal);

        var result = await VerifyAsync($"{parts[0]}.{B64(claims)}.{parts[2]}");

        Assert.False(result.IsValid);
        Assert.Contains("signature", result.Error);
    }

    [Fact]
    public async Task VerifyJwtAsync_SignatureFromAnotherKeyUnderTheSameKid_IsInvalid()
    {
        var parts = Sign(Context()).Split('.');
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forged = B64(other.SignData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), HashAlgorithmName.SHA256));

        var result = await VerifyAsync($"{parts[0]}.{parts[1]}.{forged}");

        Assert.False(result.IsValid);
        Assert.False(result.UnknownKey);
    }

    [Fact]
    public async Task VerifyJwtAsync_KidNotInTheJwks_SaysToFetchTheKeysAgain()
    {
        var result = await WebhookVerifier.VerifyJwtAsync(Sign(Context()), """{"keys":[]}""", OrganizationId, SignedRequests.PublicBaseUrl, SignedRequests.TargetUrl, Now);

        Assert.False(result.IsValid);
        Assert.True(result.UnknownKey);
        Assert.Contains("fetch the JWKS again", result.Error);
    }

    [Fact]
    public async Task VerifyJwtAsync_JwksCachedBeforeAKeyRotation_StillVerifiesTheNewKeysTokens()
    {
        // The JWKS publishes the next key before it signs, so a receiver's cached copy outlives one rotation.
        await keys.RotateAsync(engine.Organization.Id);
        key = await keys.GetCurrentAsync(engine.Organization.Id);

        var result = await VerifyAsync(Sign(Context()));

        Assert.True(result.IsValid, result.Error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a token")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJFUzI1NiJ9..")]
    public async Task VerifyJwtAsync_GarbageToken_IsInvalid(string token)
    {
        var result = await VerifyAsync(token);

        Assert.False(result.IsValid);
        Assert.NotNull(result.Error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[1,2]")]
    [InlineData("""{"keys":"nope"}""")]
    public async Task VerifyJwtAsync_GarbageJwks_IsInvalid(string badJwks)
    {
        var result = await WebhookVerifier.VerifyJwtAsync(Sign(Context()), badJwks, OrganizationId, SignedRequests.PublicBaseUrl, SignedRequests.TargetUrl, Now);

        Assert.False(result.IsValid);
        Assert.NotNull(result.Error);
    }

    [Fact]
    public async Task VerifyJwtAsync_UnsignedAlgNoneToken_IsInvalid()
    {
        var payload = Sign(Context()).Split('.')[1];

        var result = await VerifyAsync($"{B64("""{"alg":"none","kid":"KID"}""".Replace("KID", key.Kid, StringComparison.Ordinal))}.{payload}.");

        Assert.False(result.IsValid);
        Assert.Contains("not ES256", result.Error);
    }

    [Fact]
    public async Task VerifyJwtAsync_Hs256TokenKeyedWithThePublicKey_IsInvalid()
    {
        // Algorithm confusion: an HMAC "signed" with public material must never pass.
        var header = B64("""{"alg":"HS256","kid":"KID"}""".Replace("KID", key.Kid, StringComparison.Ordinal));
        var payload = Sign(Context()).Split('.')[1];
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(jwks), Encoding.ASCII.GetBytes(header + "." + payload));

        var result = await VerifyAsync($"{header}.{payload}.{B64(mac)}");

        Assert.False(result.IsValid);
    }

    [Fact]
    public async Task VerifyJwtAsync_LargestEventPayload_IsValid()
    {
        // A 256 KiB event makes a token larger than IdentityModel's 250 KB default limit.
        var payload = JsonSerializer.Serialize(new { blob = new string('x', 256 * 1024 - 20) });
        var token = Sign(Context(payload));

        var result = await VerifyAsync(token);

        Assert.True(token.Length > 250_000);
        Assert.True(result.IsValid, result.Error);
    }

    private DeliveryContext Context(string payload = Payload) =>
        SignedRequests.Context("AuthenticationFailed_v1", payload, key: key, organization: engine.Organization);

    private static string Sign(DeliveryContext context)
    {
        var request = new JwtFormat().Build(context);
        Assert.Equal("application/jwt", request.ContentType);
        return Encoding.ASCII.GetString(request.Body);
    }

    private Task<JwtVerificationResult> VerifyAsync(string token) =>
        WebhookVerifier.VerifyJwtAsync(token, jwks, OrganizationId, SignedRequests.PublicBaseUrl, SignedRequests.TargetUrl, Now);

    private static string B64(string text) => B64(Encoding.UTF8.GetBytes(text));

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromB64(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }
}
