using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Hosting;

/// <summary>
/// In Production the console's cookies are Secure: a console page over plain HTTP without a trusted proxy gets a page
/// saying HTTPS is required and how to set it up, and one log line, never a 500; X-Forwarded-Proto counts only from the
/// proxies in ForwardedHeaders:KnownProxies (loopback when none is set).
/// </summary>
public sealed class HttpsRequirementTests : IAsyncLifetime
{
    private readonly RecordingLoggerProvider _logs = new();
    private readonly List<ConsoleApp> _apps = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task ConsolePage_PlainHttpWithoutProxy_AnswersHttpsRequiredPageAndOneLogLine()
    {
        var app = Start();
        using var browser = new ConsoleBrowser(app.Address);

        using var first = await browser.GetAsync("login");
        using var second = await browser.GetAsync("deliveries");

        Assert.Equal(HttpStatusCode.Forbidden, first.StatusCode);
        var page = await first.Content.ReadAsStringAsync();
        Assert.Contains("This console needs HTTPS", page, StringComparison.Ordinal);
        Assert.Contains("ForwardedHeaders:KnownProxies", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, second.StatusCode);
        var refusal = Assert.Single(_logs.Lines, line => line.Contains("HttpsRequirement", StringComparison.Ordinal));
        Assert.StartsWith("Warning", refusal, StringComparison.Ordinal);
        Assert.Contains("Refused a plain-HTTP request for the console page /login", refusal, StringComparison.Ordinal);
        Assert.DoesNotContain(_logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal) || line.StartsWith("Critical", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ApiAndHealth_PlainHttpWithoutProxy_StillAnswer()
    {
        var app = Start();
        using var api = app.Console.CreateApiClient(app.Address);
        using var client = new HttpClient { BaseAddress = app.Address };

        using var webhooks = await api.GetAsync("organizations/webhooks");
        using var ready = await client.GetAsync("readyz");

        Assert.Equal(HttpStatusCode.OK, webhooks.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task ConsolePage_ForwardedProtoFromAnUnlistedAddress_IsIgnoredAndTheRefusalNamesTheAddress()
    {
        var app = Start(new() { ["ForwardedHeaders:KnownProxies"] = "10.0.0.10" });
        using var browser = new ConsoleBrowser(app.Address, forwardedProto: "https");

        using var response = await browser.GetAsync("login");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("it came from 127.0.0.1, which is not a trusted proxy", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(_logs.Lines, line => line.Contains("X-Forwarded-Proto from 127.0.0.1, which is not a trusted proxy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LogIn_ForwardedProtoFromAListedProxy_WorksWithSecureCookies()
    {
        var app = Start(new() { ["ForwardedHeaders:KnownNetworks"] = "127.0.0.0/8" });
        using var browser = new ConsoleBrowser(app.Address, forwardedProto: "https");

        using var login = await browser.LogInAsync(ConsoleApp.AdminEmail, ConsoleApp.AdminPassword);

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var auth = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("webhookconsole.auth=", StringComparison.Ordinal));
        Assert.Contains("secure", auth, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void StartUp_KnownProxyThatIsNotAnAddress_StopsNamingTheSetting()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Start(new() { ["ForwardedHeaders:KnownProxies"] = "proxy.internal" }));

        Assert.Contains("ForwardedHeaders:KnownProxies: 'proxy.internal' is not an IP address", failure.Message, StringComparison.Ordinal);
    }

    private (ConsoleApp Console, Uri Address) Start(Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(settings ?? []) { ["environment"] = "Production" };
        var app = new ConsoleApp(all, services => services.AddSingleton<ILoggerProvider>(_logs));
        _apps.Add(app);
        return (app, app.Start());
    }
}
