using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Tests.Engine;

public sealed class TargetUrlTests
{
    [Theory]
    [InlineData("https://example.com/webhooks")]
    [InlineData("https://example.com")]
    [InlineData("https://hooks.example.co.uk:8443/a/b-c_d")]
    [InlineData("https://xn--bcher-kva.example/path")]
    public void Validate_SecureHttpsUrlWithDomainHost_IsAccepted(string url) =>
        Assert.Null(TargetUrl.Validate(url, allowInsecure: false));

    // Issue 10, defect 11: where http is accepted (Development), the message must not claim that only https:// is.
    [Theory]
    [InlineData("ftp://example.com/webhook")]
    [InlineData("example.com/webhook")]
    public void Validate_NotAbsoluteHttpUrlWhereInsecureAllowed_NamesBothSchemes(string url)
    {
        var error = TargetUrl.Validate(url, allowInsecure: true);

        Assert.Equal("The target URL must be an absolute URL starting with https:// or http://.", error?.Message);
    }

    [Fact]
    public void Validate_NotAbsoluteHttpUrlInProduction_NamesHttpsOnly() =>
        Assert.Equal("The target URL must be an absolute URL starting with https://.", TargetUrl.Validate("ftp://example.com/x", allowInsecure: false)?.Message);

    [Theory]
    [InlineData("", "required")]
    [InlineData("   ", "required")]
    [InlineData("not a url", "spaces")]
    [InlineData("example.com/webhook", "absolute URL")]
    [InlineData("ftp://example.com/webhook", "absolute URL")]
    [InlineData("http://example.com/webhook", "must use HTTPS")]
    [InlineData("https://localhost/webhook", "localhost")]
    [InlineData("https://LOCALHOST./webhook", "localhost")]
    [InlineData("https://api.localhost/webhook", "localhost")]
    [InlineData("https://127.0.0.1/webhook", "IP address")]
    [InlineData("https://10.0.0.8/webhook", "IP address")]
    [InlineData("https://[::1]/webhook", "IP address")]
    [InlineData("https://[2001:db8::1]/webhook", "IP address")]
    [InlineData("https://2130706433/webhook", "IP address")]
    [InlineData("https://0x7f.0.0.1/webhook", "IP address")]
    [InlineData("https://017700000001/webhook", "IP address")]
    [InlineData("https://example.com/webhook?x=1", "query")]
    [InlineData("https://example.com/webhook?", "query")]
    [InlineData("https://example.com/webhook#top", "fragment")]
    [InlineData("https://user:pass@example.com/webhook", "user name")]
    public void Validate_UrlBreakingGuide001Rule_NamesTheRule(string url, string rule)
    {
        var error = TargetUrl.Validate(url, allowInsecure: false);

        Assert.NotNull(error);
        Assert.Equal("target_url", error.Field);
        Assert.Contains(rule, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("target URL", error.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/hook")]
    [InlineData("http://localhost:8080/hook")]
    [InlineData("https://[::1]/hook")]
    public void Validate_InsecureTargetsAllowed_AcceptsHttpAndLoopback(string url) =>
        Assert.Null(TargetUrl.Validate(url, allowInsecure: true));

    [Fact]
    public void Validate_InsecureTargetsAllowed_StillRejectsQuery() =>
        Assert.Contains("query", TargetUrl.Validate("http://localhost/hook?a=b", allowInsecure: true)!.Message);
}
