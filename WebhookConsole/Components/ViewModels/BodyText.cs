using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WebhookConsole.Components.ViewModels;

/// <summary>
/// A request or response body made readable: JSON indented, a JWT (an <c>application/jwt</c> delivery) decoded into its
/// header and claims. The raw body stays what is copied and what the signature covers.
/// </summary>
public static class BodyText
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The readable form of <paramref name="body"/>, or null when it is neither JSON nor a JWT.</summary>
    public static string? Readable(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        var text = body.Trim();
        return ParseJson(text) is { } json ? json.ToJsonString(Indented) : DecodeJwt(text);
    }

    private static string? DecodeJwt(string text)
    {
        var parts = text.Split('.');
        if (parts.Length != 3 || ParseJson(FromBase64Url(parts[0])) is not JsonObject header || ParseJson(FromBase64Url(parts[1])) is not { } claims)
        {
            return null;
        }

        return $"JWT header\n{header.ToJsonString(Indented)}\n\nClaims\n{claims.ToJsonString(Indented)}";
    }

    private static JsonNode? ParseJson(string? text)
    {
        if (text is null || text.Length == 0 || (text[0] != '{' && text[0] != '['))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? FromBase64Url(string segment)
    {
        var base64 = segment.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
