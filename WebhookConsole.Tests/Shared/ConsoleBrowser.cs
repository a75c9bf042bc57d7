using System.Net;
using System.Text.RegularExpressions;

namespace WebhookConsole.Tests.Shared;

/// <summary>
/// Plain HTTP against the console's server-rendered forms, as a browser without JavaScript would: keeps cookies, reads
/// the antiforgery token from the page and posts the form. For login, cookie and header tests. Cookies are kept by hand
/// (a <see cref="CookieContainer"/> would not send a Secure cookie back over the test's plain HTTP), and
/// <paramref name="forwardedProto"/> plays a TLS proxy in front of the app.
/// </summary>
public sealed partial class ConsoleBrowser(Uri baseAddress, string? forwardedProto = null) : IDisposable
{
    private readonly HttpClient _client = new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
    private readonly Dictionary<string, string> _cookies = [];

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    /// <summary>A navigation, as a browser makes it (<c>Accept: text/html</c>): <c>/deliveries/{id}</c> is then the console's page, not the API's.</summary>
    public Task<HttpResponseMessage> GetPageAsync(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html");
        return SendAsync(request);
    }

    /// <summary>Posts the login form; the answer is a redirect when the password was accepted.</summary>
    public async Task<HttpResponseMessage> LogInAsync(string email, string password)
    {
        var token = await AntiforgeryTokenAsync("login");
        return await PostFormAsync("login", new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
    }

    public Task<HttpResponseMessage> PostFormAsync(string path, IDictionary<string, string> fields) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) });

    /// <summary>The hidden antiforgery token of the page at <paramref name="path"/>.</summary>
    public async Task<string> AntiforgeryTokenAsync(string path)
    {
        using var response = await GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        return TokenPattern().Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException($"No antiforgery token on {path} ({response.StatusCode}).");
    }

    public void Dispose() => _client.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }

        var response = await _client.SendAsync(request);
        foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
        {
            var pair = header.Split(';')[0].Split('=', 2);
            if (pair[1].Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
            {
                _cookies.Remove(pair[0]);
            }
            else
            {
                _cookies[pair[0]] = pair[1];
            }
        }

        return response;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
