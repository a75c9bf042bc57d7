using WebhookConsole.Components.ViewModels;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Tests.Components;

/// <summary>The curl command that repeats an attempt's request: headers as sent, custom values still masked, shell-safe quoting.</summary>
public sealed class CurlCommandTests
{
    [Fact]
    public void From_AttemptWithMaskedCustomHeader_KeepsTheMaskAndEveryHeader()
    {
        var attempt = Attempt("""{"Content-Type":["application/json"],"X-Api-Key":["****"],"webhook-signature":["v1,abc="]}""", """{"a":1}""");

        var command = CurlCommand.From(attempt);

        Assert.Equal("""
            curl -X POST 'https://receiver.example.com/hook' \
              -H 'Content-Type: application/json' \
              -H 'X-Api-Key: ****' \
              -H 'webhook-signature: v1,abc=' \
              --data-raw '{"a":1}'
            """.ReplaceLineEndings("\n"), command);
        Assert.True(CurlCommand.HasMaskedHeaders(attempt));
    }

    [Fact]
    public void From_BodyWithSingleQuote_QuotesItForTheShell()
    {
        var attempt = Attempt("""{"Content-Type":["application/json"]}""", """{"name":"O'Brien"}""");

        var command = CurlCommand.From(attempt);

        Assert.EndsWith("""--data-raw '{"name":"O'\''Brien"}'""", command);
        Assert.False(CurlCommand.HasMaskedHeaders(attempt));
    }

    private static Attempt Attempt(string headers, string body) => new()
    {
        Number = 1,
        RequestUrl = "https://receiver.example.com/hook",
        RequestHeaders = headers,
        RequestBody = body,
    };
}
