using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Signing;

namespace WebhookConsole.Tests.Engine;

public sealed class SigningTests
{
    [Fact]
    public void Compute_Rfc4231TestCase2_MatchesPublishedHmac()
    {
        // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?".
        var signature = HubSignature.Compute("Jefe", "what do ya want for nothing?"u8);

        Assert.Equal("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", signature);
    }

    [Fact]
    public void Build_WebSubDelivery_SignsTheExactBytesOfASetShapedBody()
    {
        var organization = new Organization { Id = Guid.NewGuid(), Handle = "myorg", Name = "My org" };
        var evt = new WebhookEvent
        {
            Id = Guid.NewGuid(),
            OrganizationId = organization.Id,
            Name = "AuthenticationSucceeded_v1",
            Payload = """{"user":{"id":"d4002616","claims":[]},"note":"é ✓"}""",
            ReceivedAt = DateTimeOffset.FromUnixTimeMilliseconds(1751705149662),
        };
        var webhook = new Webhook { Name = "w", TargetUrl = "https://example.com/hook", Format = WebhookFormat.WebSub };
        var deliveryId = Guid.NewGuid();
        var context = new DeliveryContext(deliveryId, evt, webhook, organization, "s3cr3t-s3cr3t-s3cr3t", "https://hub.example.test", DateTimeOffset.UtcNow);

        var request = new WebSubFormat().Build(context);

        Assert.Equal("application/json", request.ContentType);
        var header = Assert.Single(request.Headers);
        Assert.Equal("x-hub-signature", header.Key);
        var expected = "sha256=" + Convert.ToHexString(new HMACSHA256(Encoding.UTF8.GetBytes("s3cr3t-s3cr3t-s3cr3t")).ComputeHash(request.Body)).ToLowerInvariant();
        Assert.Equal(expected, header.Value);

        using var body = JsonDocument.Parse(request.Body);
        var root = body.RootElement;
        Assert.Equal("https://hub.example.test/t/myorg", root.GetProperty("iss").GetString());
        Assert.Equal(deliveryId.ToString(), root.GetProperty("jti").GetString());
        Assert.Equal(1751705149662, root.GetProperty("iat").GetInt64());
        Assert.Equal(evt.Id.ToString(), root.GetProperty("rci").GetString());
        var payload = root.GetProperty("events").GetProperty("https://schemas.identity.wso2.org/events/login/event-type/loginSuccess");
        Assert.Equal("d4002616", payload.GetProperty("user").GetProperty("id").GetString());
        Assert.Equal("é ✓", payload.GetProperty("note").GetString());
    }
}
