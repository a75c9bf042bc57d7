using System.Text;
using WebhookConsole.Components.ViewModels;

namespace WebhookConsole.Tests.Components;

/// <summary>Issue 10's delivery detail: bodies made readable and statuses with their reason phrase.</summary>
public sealed class BodyTextTests
{
    [Fact]
    public void Readable_Json_IsIndented() =>
        Assert.Equal("{\n  \"a\": 1,\n  \"b\": [\n    true\n  ]\n}", BodyText.Readable("""{"a":1,"b":[true]}""")!.ReplaceLineEndings("\n"));

    [Fact]
    public void Readable_Jwt_ShowsItsHeaderAndClaims()
    {
        static string Part(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var token = $"{Part("""{"alg":"ES256","kid":"k1"}""")}.{Part("""{"sub":"evt-1","iss":"http://localhost:5080/t/myorg"}""")}.c2lnbmF0dXJl";

        var readable = BodyText.Readable(token)!.ReplaceLineEndings("\n");

        Assert.StartsWith("JWT header\n{\n  \"alg\": \"ES256\"", readable);
        Assert.Contains("Claims\n{\n  \"sub\": \"evt-1\"", readable);
    }

    [Theory]
    [InlineData("received")]
    [InlineData("{not json")]
    [InlineData("a.b.c")]
    [InlineData("")]
    public void Readable_NeitherJsonNorJwt_IsNull(string body) => Assert.Null(BodyText.Readable(body));

    [Theory]
    [InlineData(500, "HTTP 500 Internal Server Error")]
    [InlineData(200, "HTTP 200 OK")]
    [InlineData(299, "HTTP 299")]
    public void HttpStatusText_Code_HasItsReasonPhrase(int code, string text) => Assert.Equal(text, HttpStatusText.Of(code));
}
