namespace WebhookConsole.Engine.Domain;

/// <summary>How a delivery looks on the wire (design.md, "Format").</summary>
public enum WebhookFormat
{
    /// <summary>Asgardeo's WebSub guide: SET-shaped JSON, <c>x-hub-signature</c>, WebSub verification of intent.</summary>
    WebSub,

    /// <summary>SlashID's webhooks documentation: ES256 JWT body verified with the organization's JWKS.</summary>
    Jwt,

    /// <summary>Standard Webhooks v1 (the X-Webhook-* receiver guide).</summary>
    Standard,
}

/// <summary>Wire names of <see cref="WebhookFormat"/>: <c>websub</c>, <c>jwt</c>, <c>standard</c>.</summary>
public static class WebhookFormatNames
{
    public static string ToWire(this WebhookFormat format) => format switch
    {
        WebhookFormat.WebSub => "websub",
        WebhookFormat.Jwt => "jwt",
        WebhookFormat.Standard => "standard",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    public static bool TryParse(string? value, out WebhookFormat format)
    {
        foreach (var candidate in Enum.GetValues<WebhookFormat>())
        {
            if (candidate.ToWire() == value)
            {
                format = candidate;
                return true;
            }
        }

        format = default;
        return false;
    }
}
