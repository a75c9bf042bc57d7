using Microsoft.Extensions.Options;

namespace WebhookConsole.Tenancy.Portal;

/// <summary>
/// Configuration section <c>Portal</c>. <see cref="AllowedFrameAncestors"/>: the origins (space-separated, e.g.
/// <c>https://app.tenant.example https://admin.tenant.example</c>) whose pages may show the tenant portal in an
/// iframe; every other site is refused by the portal's <c>frame-ancestors</c>. The console itself is never framed.
/// </summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    public string AllowedFrameAncestors { get; set; } = "";

    public IReadOnlyList<string> Origins => AllowedFrameAncestors.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Stops start-up on an origin that is not <c>http(s)://host[:port]</c>, naming the key.</summary>
internal sealed class PortalOptionsValidator : IValidateOptions<PortalOptions>
{
    public ValidateOptionsResult Validate(string? name, PortalOptions options)
    {
        var bad = options.Origins.Where(origin => !Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https") || uri.PathAndQuery != "/" || origin.EndsWith('/') || uri.UserInfo.Length > 0).ToList();
        return bad.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Portal:AllowedFrameAncestors must list origins such as https://app.example.com (scheme, host and port only, space-separated); not: {string.Join(", ", bad)}.");
    }
}
