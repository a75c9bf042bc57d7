using System.Text.Json;

namespace WebhookConsole.Tests.Api.Fuzz;

/// <summary>
/// Issue 6 item 6: malformed requests against the real app. Every answer is 4xx (never 5xx), in the errors envelope
/// where the API answers, and nothing is written.
/// </summary>
public sealed class ApiFuzzTests(BadInputApp fixture) : IClassFixture<BadInputApp>
{
    public static TheoryData<string> Names => new(FuzzCases.All.Select(c => c.Name));

    [Fact]
    public void All_Table_HoldsAtLeast200DistinctCases()
    {
        Assert.True(FuzzCases.All.Count >= 200, $"{FuzzCases.All.Count} cases");
        Assert.Equal(FuzzCases.All.Count, FuzzCases.All.Select(c => c.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Send_MalformedRequest_Answers4xxAndWritesNothing(string name)
    {
        var fuzz = FuzzCases.All.Single(c => c.Name == name);
        var before = Snapshot();
        using var client = new HttpClient { BaseAddress = fixture.BaseAddress };
        using var request = fuzz.ToRequest(fixture);

        using var response = await client.SendAsync(request);

        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status is >= 400 and < 500, $"{status}: {Shorten(text)}");
        if (fuzz.Envelope)
        {
            using var envelope = JsonDocument.Parse(text);
            var error = Assert.Single(envelope.RootElement.GetProperty("errors").EnumerateArray().Take(1));
            Assert.Equal(status, error.GetProperty("httpcode").GetInt32());
            Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        }

        Assert.Equal(before, Snapshot());
    }

    private string Snapshot() => fixture.Snapshot() + " | " + Shared.SqliteFile.Scalar(fixture.App.DatabasePath, """
        SELECT (SELECT COUNT(*) FROM signing_keys) || ' keys; ' || (SELECT group_concat("SecretHint" || ' ' || "ProtectedCustomHeaders", '; ') FROM webhooks)
        """);

    private static string Shorten(string text) => text.Length > 500 ? text[..500] + "…" : text;
}
