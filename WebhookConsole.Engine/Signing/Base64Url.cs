namespace WebhookConsole.Engine.Signing;

/// <summary>RFC 4648 section 5 base64url without padding, as JOSE uses it.</summary>
public static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
