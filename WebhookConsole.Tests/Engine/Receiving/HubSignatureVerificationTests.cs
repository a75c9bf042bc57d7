using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WebhookConsole.Engine.Receiving;
using WebhookConsole.Engine.Signing;

namespace WebhookConsole.Tests.Engine.Receiving;

public sealed class HubSignatureVerificationTests
{
    private const string Secret = "s3cr3t-s3cr3t-s3cr3t";

    private readonly OutgoingRequest request = new WebSubFormat().Build(
        SignedRequests.Context("AuthenticationSucceeded_v1", """{"user":{"id":"d4002616"},"note":"é ✓"}""", Secret));

    private string SignatureHeader => SignedRequests.Header(request, WebhookVerifier.HubSignatureHeader);

    [Fact]
    public void VerifyHubSignature_WebSubFormatRequest_IsValid()
    {
        var result = WebhookVerifier.VerifyHubSignature(Secret, request.Body, SignatureHeader);

        Assert.True(result.IsValid, result.Error);
        Assert.Null(result.Error);
    }

    [Fact]
    public void VerifyHubSignature_HandComputedHmac_EqualsTheEnginesHeader()
    {
        // Independent of both the signer and the verifier: HMACSHA256 keyed with the secret's UTF-8 bytes, hex by hand.
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(Secret));
        var hex = string.Concat(hmac.ComputeHash(request.Body).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal("sha256=" + hex, SignatureHeader);
    }

    [Fact]
    public void VerifyHubSignature_Rfc4231TestCase2_IsValid()
    {
        // RFC 4231 section 4.3: key "Jefe", data "what do ya want for nothing?", the published HMAC-SHA256.
        var result = WebhookVerifier.VerifyHubSignature("Jefe", "what do ya want for nothing?"u8,
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");

        Assert.True(result.IsValid, result.Error);
    }

    [Fact]
    public void VerifyHubSignature_TamperedBody_IsInvalid()
    {
        var tampered = request.Body.ToArray();
        tampered[^3] ^= 0x01;

        var result = WebhookVerifier.VerifyHubSignature(Secret, tampered, SignatureHeader);

        Assert.False(result.IsValid);
        Assert.Contains("does not match", result.Error);
    }

    [Fact]
    public void VerifyHubSignature_ReserializedBody_IsInvalid()
    {
        // What a framework that parses and writes the JSON again hands over: the same data, other bytes (é is escaped).
        using var parsed = JsonDocument.Parse(request.Body);
        var reserialized = JsonSerializer.SerializeToUtf8Bytes(parsed.RootElement);

        Assert.NotEqual(request.Body, reserialized);
        Assert.False(WebhookVerifier.VerifyHubSignature(Secret, reserialized, SignatureHeader).IsValid);
    }

    [Fact]
    public void VerifyHubSignature_WrongSecret_IsInvalid()
    {
        Assert.False(WebhookVerifier.VerifyHubSignature(Secret + "x", request.Body, SignatureHeader).IsValid);
    }

    [Fact]
    public void VerifyHubSignature_UppercaseHex_IsInvalid()
    {
        var upper = "sha256=" + SignatureHeader["sha256=".Length..].ToUpperInvariant();

        Assert.False(WebhookVerifier.VerifyHubSignature(Secret, request.Body, upper).IsValid);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void VerifyHubSignature_MissingHeader_IsInvalid(string? header)
    {
        var result = WebhookVerifier.VerifyHubSignature(Secret, request.Body, header);

        Assert.False(result.IsValid);
        Assert.Contains("no x-hub-signature", result.Error);
    }

    [Theory]
    [InlineData("sha1=0123456789abcdef0123456789abcdef01234567")]
    [InlineData("SHA256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")]
    [InlineData("sha256=")]
    [InlineData("sha256=zz")]
    [InlineData("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")]
    public void VerifyHubSignature_MalformedHeader_IsInvalid(string header)
    {
        var result = WebhookVerifier.VerifyHubSignature(Secret, request.Body, header);

        Assert.False(result.IsValid);
        Assert.NotNull(result.Error);
    }

    [Fact]
    public void VerifyHubSignature_EmptySecret_IsInvalid()
    {
        Assert.False(WebhookVerifier.VerifyHubSignature("", request.Body, SignatureHeader).IsValid);
    }
}
