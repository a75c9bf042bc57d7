using System.Text;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Signing;

namespace WebhookConsole.Tests.Engine;

/// <summary>
/// The request headers an attempt's log entry keeps: the content type and user agent, the webhook's custom headers with
/// their values masked, then the format's own, a later header replacing an earlier one of the same name (whatever its
/// case) in its place.
/// </summary>
public sealed class AttemptLogTests
{
    private static readonly Webhook Webhook = new() { Id = Guid.NewGuid(), Name = "w", TargetUrl = "https://receiver.test/hook" };
    private static readonly Delivery Delivery = new() { Id = Guid.NewGuid(), WebhookId = Webhook.Id, EventName = "AuthenticationSucceeded_v1" };
    private static readonly AttemptOutcome Outcome = new(DateTimeOffset.UnixEpoch, TimeSpan.FromMilliseconds(3), 200, "{}", "", AttemptError.None, null);
    private static readonly string UserAgent = WebhookHttpClient.UserAgent;

    private static string LoggedHeaders(IReadOnlyList<KeyValuePair<string, string>> formatHeaders, Dictionary<string, string[]> customHeaders) =>
        AttemptLog.ToAttempt(Delivery, Webhook, new OutgoingRequest("{}"u8.ToArray(), "application/json", formatHeaders), customHeaders, Outcome).RequestHeaders;

    [Fact]
    public void WithoutCustomHeaders_TheFormatsHeadersFollowTheContentTypeAndUserAgent_InTheirOrder()
    {
        var logged = LoggedHeaders([new("webhook-id", "msg_1"), new("webhook-timestamp", "1700000000"), new("webhook-signature", "v1,abc=")], []);

        Assert.Equal(
            $$"""{"Content-Type":["application/json"],"User-Agent":["{{UserAgent}}"],"webhook-id":["msg_1"],"webhook-timestamp":["1700000000"],"webhook-signature":["v1,abc="]}""",
            logged);
    }

    [Fact]
    public void CustomHeaders_AreMasked_AndOneNamedLikeTheUserAgentTakesItsPlace()
    {
        var logged = LoggedHeaders([new("x-hub-signature", "sha256=1")], new() { ["user-agent"] = ["mine/1.0"], ["X-Api-Key"] = ["secret-value"] });

        Assert.Equal("""{"Content-Type":["application/json"],"User-Agent":["****"],"X-Api-Key":["****"],"x-hub-signature":["sha256=1"]}""", logged);
        Assert.DoesNotContain("secret-value", logged, StringComparison.Ordinal);
    }

    [Fact]
    public void AFormatHeaderRepeated_InAnotherCase_KeepsItsFirstPlaceAndItsLastValue()
    {
        var logged = LoggedHeaders([new("Webhook-Id", "first"), new("webhook-timestamp", "1"), new("webhook-id", "second"), new("content-type", "text/plain")], []);

        Assert.Equal("""{"Content-Type":["text/plain"],"User-Agent":["UA"],"Webhook-Id":["second"],"webhook-timestamp":["1"]}""".Replace("UA", UserAgent, StringComparison.Ordinal), logged);
    }

    [Fact]
    public void TheBody_IsKeptAsSent_UnlessItsRecipeMayStandForIt()
    {
        var request = new OutgoingRequest(Encoding.UTF8.GetBytes("""{"é":1}"""), "application/json", [], BodyRecipe: "recipe");

        Assert.Equal("""{"é":1}""", AttemptLog.ToAttempt(Delivery, Webhook, request, new Dictionary<string, string[]>(), Outcome).RequestBody);
        Assert.Equal("recipe", AttemptLog.ToAttempt(Delivery, Webhook, request, new Dictionary<string, string[]>(), Outcome, rebuildable: true).RequestBody);
    }
}
