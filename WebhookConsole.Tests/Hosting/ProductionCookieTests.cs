using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Hosting;

/// <summary>Outside Development every console cookie is Secure; behind a TLS proxy on the same host, X-Forwarded-Proto tells the app the request was HTTPS.</summary>
public sealed class ProductionCookieTests() : RunningConsoleApp(new Dictionary<string, string?> { ["environment"] = "Production" })
{
    [Fact]
    public async Task LogIn_ProductionBehindTlsProxy_AuthAndAntiforgeryCookiesAreSecure()
    {
        using var browser = new ConsoleBrowser(BaseAddress, forwardedProto: "https");
        using var page = await browser.GetAsync("login");
        var antiforgery = Assert.Single(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));

        using var login = await browser.LogInAsync(ConsoleApp.AdminEmail, ConsoleApp.AdminPassword);

        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        var auth = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("webhookconsole.auth=", StringComparison.Ordinal));
        Assert.Contains("secure", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", auth, StringComparison.OrdinalIgnoreCase);
    }
}
