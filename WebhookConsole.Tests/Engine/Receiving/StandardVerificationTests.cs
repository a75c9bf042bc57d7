using System.Security.Cryptography;
using System.Text;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Receiving;
using WebhookConsole.Engine.Signing;
using WebhookConsole.Engine.Webhooks;

namespace WebhookConsole.Tests.Engine.Receiving;

public sealed class StandardVerificationTests
{
    private static readonly DateTimeOffset Now = SignedRequests.SentAt;

    private readonly string secret = WebhookSecrets.Generate(WebhookFormat.Standard);
    private readonly string previousSecret = WebhookSecrets.Generate(WebhookFormat.Standard);

    [Fact]
    public void VerifyStandard_StandardFormatRequest_IsValid()
    {
        var request = Build();

        var result = WebhookVerifier.VerifyStandard(secret, SignedRequests.Headers(request), request.Body, Now);

        Assert.True(result.IsValid, result.Error);
    }

    [Fact]
    public void VerifyStandard_PublishedStandardWebhooksVector_IsValid()
    {
        // The test vector published with the Standard Webhooks reference libraries: independent of the engine's signer.
        var headers = new Dictionary<string, string>
        {
            ["webhook-id"] = "msg_p5jXN8AQM9LWM0D4loKWxJek",
            ["webhook-timestamp"] = "1614265330",
            ["webhook-signature"] = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
        };

        var result = WebhookVerifier.VerifyStandard("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", headers, """{"test": 2432232314}"""u8,
            DateTimeOffset.FromUnixTimeSeconds(1614265330));

        Assert.True(result.IsValid, result.Error);
    }

    [Fact]
    public void VerifyStandard_HandComputedHmac_EqualsBothOfTheEnginesSignatureHeaders()
    {
        var request = Build();
        var id = SignedRequests.Header(request, "webhook-id");
        var timestamp = SignedRequests.Header(request, "webhook-timestamp");

        // Written from the spec, sharing no code with the signer or the verifier.
        using var hmac = new HMACSHA256(Convert.FromBase64String(secret.Substring(6)));
        var mac = hmac.ComputeHash(Encoding.UTF8.GetBytes(id + "." + timestamp + "." + Encoding.UTF8.GetString(request.Body)));

        Assert.Equal("v1," + Convert.ToBase64String(mac), SignedRequests.Header(request, "webhook-signature"));
        Assert.Equal("sha256=" + BitConverter.ToString(mac).Replace("-", "", StringComparison.Ordinal).ToLowerInvariant(),
            SignedRequests.Header(request, "X-Webhook-Signature"));
        Assert.Equal(SignedRequests.SentAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), timestamp);
    }

    [Fact]
    public void VerifyStandard_HeaderNamesInAnotherCase_IsValid()
    {
        var request = Build();
        var headers = SignedRequests.Headers(request).ToDictionary(h => h.Key.ToUpperInvariant(), h => h.Value, StringComparer.Ordinal);

        Assert.True(WebhookVerifier.VerifyStandard(secret, headers, request.Body, Now).IsValid);
    }

    [Fact]
    public void VerifyStandard_TamperedBody_IsInvalid()
    {
        var request = Build();
        var tampered = request.Body.ToArray();
        tampered[^2] ^= 0x01;

        var result = WebhookVerifier.VerifyStandard(secret, SignedRequests.Headers(request), tampered, Now);

        Assert.False(result.IsValid);
        Assert.Contains("No signature", result.Error);
    }

    [Theory]
    [InlineData("webhook-id")]
    [InlineData("webhook-timestamp")]
    public void VerifyStandard_TamperedSignedHeader_IsInvalid(string name)
    {
        var request = Build();
        var headers = SignedRequests.Headers(request);
        headers[name] = name == "webhook-id" ? Guid.NewGuid().ToString() : (Now.ToUnixTimeSeconds() - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.False(WebhookVerifier.VerifyStandard(secret, headers, request.Body, Now).IsValid);
    }

    [Fact]
    public void VerifyStandard_WrongSecret_IsInvalid()
    {
        var request = Build();

        Assert.False(WebhookVerifier.VerifyStandard(WebhookSecrets.Generate(WebhookFormat.Standard), SignedRequests.Headers(request), request.Body, Now).IsValid);
    }

    [Theory]
    [InlineData(-301, false)]
    [InlineData(-299, true)]
    [InlineData(299, true)]
    [InlineData(301, false)]
    public void VerifyStandard_TimestampOffsetFromNow_IsAcceptedOnlyWithinFiveMinutes(int receiverClockOffsetSeconds, bool valid)
    {
        var request = Build();

        var result = WebhookVerifier.VerifyStandard(secret, SignedRequests.Headers(request), request.Body, Now.AddSeconds(receiverClockOffsetSeconds));

        Assert.Equal(valid, result.IsValid);
        if (!valid)
        {
            Assert.Contains(receiverClockOffsetSeconds > 0 ? "old" : "in the future", result.Error);
        }
    }

    [Fact]
    public void VerifyStandard_StaleTimestampWithinAWiderTolerance_IsValid()
    {
        var request = Build();

        var result = WebhookVerifier.VerifyStandard(secret, SignedRequests.Headers(request), request.Body, Now.AddMinutes(9), TimeSpan.FromMinutes(10));

        Assert.True(result.IsValid, result.Error);
    }

    [Theory]
    [InlineData("webhook-id")]
    [InlineData("webhook-timestamp")]
    [InlineData("webhook-signature")]
    public void VerifyStandard_MissingHeader_IsInvalid(string name)
    {
        var request = Build();
        var headers = SignedRequests.Headers(request).Where(h => !h.Key.EndsWith(name[("webhook-".Length)..], StringComparison.OrdinalIgnoreCase))
            .ToDictionary(h => h.Key, h => h.Value);

        var result = WebhookVerifier.VerifyStandard(secret, headers, request.Body, Now);

        Assert.False(result.IsValid);
        Assert.Contains("needs webhook-id", result.Error);
    }

    [Theory]
    [InlineData("v1,!!!not-base64!!!")]
    [InlineData("v1,")]
    [InlineData("v1,AAAA")]
    [InlineData("v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData("garbage")]
    public void VerifyStandard_GarbageSignature_IsInvalid(string signature)
    {
        var request = Build();
        var headers = SignedRequests.Headers(request);
        headers["webhook-signature"] = signature;

        Assert.False(WebhookVerifier.VerifyStandard(secret, headers, request.Body, Now).IsValid);
    }

    [Fact]
    public void VerifyStandard_GarbageBeforeTheValidSignature_IsValid()
    {
        var request = Build();
        var headers = SignedRequests.Headers(request);
        headers["webhook-signature"] = "v1,%%% v1,AAAA " + headers["webhook-signature"];

        Assert.True(WebhookVerifier.VerifyStandard(secret, headers, request.Body, Now).IsValid);
    }

    [Theory]
    [InlineData("whsec_%%%not base64%%%")]
    [InlineData("whsec_")]
    [InlineData("")]
    public void VerifyStandard_GarbageSecret_IsInvalid(string badSecret)
    {
        var request = Build();

        var result = WebhookVerifier.VerifyStandard(badSecret, SignedRequests.Headers(request), request.Body, Now);

        Assert.False(result.IsValid);
        Assert.Contains("not whsec_", result.Error);
    }

    [Fact]
    public void VerifyStandard_SecretWithoutPrefix_IsValid()
    {
        var request = Build();

        Assert.True(WebhookVerifier.VerifyStandard(secret["whsec_".Length..], SignedRequests.Headers(request), request.Body, Now).IsValid);
    }

    [Theory]
    [InlineData("1.5e9")]
    [InlineData("-1")]
    [InlineData("99999999999999999999")]
    [InlineData("253402300800")]
    public void VerifyStandard_TimestampNotUnixSeconds_IsInvalid(string timestamp)
    {
        var request = Build();
        var headers = SignedRequests.Headers(request);
        headers["webhook-timestamp"] = timestamp;

        var result = WebhookVerifier.VerifyStandard(secret, headers, request.Body, Now);

        Assert.False(result.IsValid);
        Assert.Contains("not a Unix time", result.Error);
    }

    [Fact]
    public void VerifyStandard_RotatedSecretInGrace_BothTheNewAndTheOldSecretVerify()
    {
        var request = Build(previousSecret);
        var headers = SignedRequests.Headers(request);

        Assert.Equal(2, headers["webhook-signature"].Split(' ').Length);
        Assert.True(WebhookVerifier.VerifyStandard(secret, headers, request.Body, Now).IsValid);
        Assert.True(WebhookVerifier.VerifyStandard(previousSecret, headers, request.Body, Now).IsValid);
        Assert.False(WebhookVerifier.VerifyStandard(WebhookSecrets.Generate(WebhookFormat.Standard), headers, request.Body, Now).IsValid);
    }

    [Fact]
    public void VerifyStandard_StandardWebhooksSpecHeadersOnly_IsValid()
    {
        var request = Build();
        var headers = SignedRequests.Headers(request).Where(h => h.Key.StartsWith("X-", StringComparison.Ordinal)).ToDictionary(h => h.Key, h => h.Value);

        Assert.Equal(3, headers.Count);
        Assert.True(WebhookVerifier.VerifyStandard(secret, headers, request.Body, Now).IsValid);
    }

    [Fact]
    public void VerifyStandard_StandardWebhooksSpecSignatureInUppercaseHex_IsInvalid()
    {
        var request = Build();
        var headers = SignedRequests.Headers(request).Where(h => h.Key.StartsWith("X-", StringComparison.Ordinal)).ToDictionary(h => h.Key, h => h.Value);
        headers["X-Webhook-Signature"] = "sha256=" + headers["X-Webhook-Signature"]["sha256=".Length..].ToUpperInvariant();

        Assert.False(WebhookVerifier.VerifyStandard(secret, headers, request.Body, Now).IsValid);
    }

    private OutgoingRequest Build(string? previous = null) =>
        new StandardFormat().Build(SignedRequests.Context("PersonCreated_v1", """{"person_id":"p1","name":"Zoë"}""", secret, previous));
}
