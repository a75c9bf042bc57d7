using System.Net;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Hosting;

/// <summary>The console's cookies, response headers, logout form and lockout, over HTTP against the real app.</summary>
public sealed class ConsoleSecurityTests() : RunningConsoleApp()
{
    [Fact]
    public async Task LogIn_RightPassword_SetsAnHttpOnlyStrictAuthCookieAndRedirects()
    {
        using var browser = new ConsoleBrowser(BaseAddress);

        using var response = await browser.LogInAsync(ConsoleApp.AdminEmail, ConsoleApp.AdminPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("webhookconsole.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task LogIn_FiveWrongPasswords_LocksTheAccountEvenForTheRightPassword()
    {
        using var browser = new ConsoleBrowser(BaseAddress);
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await browser.LogInAsync(ConsoleApp.AdminEmail, "Wrong-Password-" + i);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        using var right = await browser.LogInAsync(ConsoleApp.AdminEmail, ConsoleApp.AdminPassword);

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("this account is locked", await right.Content.ReadAsStringAsync());
        Assert.False(right.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("webhookconsole.auth=", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("login")]
    [InlineData("")]
    [InlineData("not-found")]
    public async Task Get_ConsolePage_CarriesTheSecurityHeaders(string path)
    {
        using var browser = new ConsoleBrowser(BaseAddress);
        if (path.Length == 0)
        {
            (await browser.LogInAsync(ConsoleApp.AdminEmail, ConsoleApp.AdminPassword)).Dispose();
        }

        using var response = await browser.GetAsync(path);

        var csp = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task Logout_WithoutAntiforgeryToken_IsRefusedAndTheOperatorStaysSignedIn()
    {
        using var browser = new ConsoleBrowser(BaseAddress);
        (await browser.LogInAsync(ConsoleApp.AdminEmail, ConsoleApp.AdminPassword)).Dispose();

        using var forged = await browser.PostFormAsync("logout", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        using var home = await browser.GetAsync("");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }

    [Fact]
    public async Task Logout_WithTheFormsToken_SignsOut()
    {
        using var browser = new ConsoleBrowser(BaseAddress);
        (await browser.LogInAsync(ConsoleApp.AdminEmail, ConsoleApp.AdminPassword)).Dispose();
        var token = await browser.AntiforgeryTokenAsync("");

        using var logout = await browser.PostFormAsync("logout", new Dictionary<string, string> { ["__RequestVerificationToken"] = token });

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        using var home = await browser.GetAsync("");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Contains("/login", home.Headers.Location!.ToString());
    }
}
