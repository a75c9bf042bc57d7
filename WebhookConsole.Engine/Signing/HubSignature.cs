using System.Security.Cryptography;
using System.Text;

namespace WebhookConsole.Engine.Signing;

/// <summary>The <c>x-hub-signature</c> header of Asgardeo's WebSub guide: <c>sha256=</c> and the lowercase hex HMAC-SHA256 of the raw body.</summary>
public static class HubSignature
{
    public const string HeaderName = "x-hub-signature";

    public static string Compute(string secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
