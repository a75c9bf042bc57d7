using System.Net;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Api;

/// <summary>
/// The real app with production URL rules (<c>Delivery:AllowInsecureTargets</c> off), holding four webhooks that
/// bad requests aim at: an active jwt webhook, another jwt webhook (whose URL a duplicate reuses), an inactive
/// websub webhook and one without triggers. Shared by the bad-input suite, whose every case must leave the database as it found it.
/// </summary>
public sealed class BadInputApp : IAsyncLifetime
{
    public const string JwtUrl = "https://hooks.example.com/jwt";
    public const string OtherUrl = "https://hooks.example.com/other";
    public const string WebSubUrl = "https://hooks.example.com/websub";
    public const string BareWebSubUrl = "https://hooks.example.com/bare";

    public ConsoleApp App { get; } = new(new Dictionary<string, string?> { ["Delivery:AllowInsecureTargets"] = "false" });

    public Uri BaseAddress { get; private set; } = null!;

    public string JwtId { get; private set; } = "";

    public string OtherId { get; private set; } = "";

    public string WebSubId { get; private set; } = "";

    /// <summary>A websub webhook without triggers.</summary>
    public string BareWebSubId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        BaseAddress = App.Start();
        using var client = App.CreateApiClient(BaseAddress);
        JwtId = await CreateAsync(client, $$"""{"target_url":"{{JwtUrl}}","name":"jwt","custom_headers":{"X-EXAMPLE":["something"]} }""");
        OtherId = await CreateAsync(client, $$"""{"target_url":"{{OtherUrl}}","name":"other"}""");
        WebSubId = await CreateAsync(client, $$"""{"target_url":"{{WebSubUrl}}","name":"websub","format":"websub"}""");
        BareWebSubId = await CreateAsync(client, $$"""{"target_url":"{{BareWebSubUrl}}","name":"bare","format":"websub"}""");
        await client.SendJsonAsync(HttpMethod.Post, $"organizations/webhooks/{JwtId}/triggers", """{"trigger_type":"event","trigger_name":"AuthenticationFailed_v1"}""");
        await client.SendJsonAsync(HttpMethod.Post, $"organizations/webhooks/{WebSubId}/triggers", """{"trigger_type":"event","trigger_name":"AuthenticationSucceeded_v1"}""");
    }

    /// <summary>Everything a bad request could have written: row counts, and every webhook's status and last change.</summary>
    public string Snapshot() => (string)SqliteFile.Scalar(App.DatabasePath, """
        SELECT (SELECT COUNT(*) FROM webhooks) || ' webhooks, ' || (SELECT COUNT(*) FROM subscriptions) || ' subscriptions, '
            || (SELECT COUNT(*) FROM events) || ' events, ' || (SELECT COUNT(*) FROM deliveries) || ' deliveries, '
            || (SELECT COUNT(*) FROM channel_verifications) || ' verifications; '
            || (SELECT group_concat("Name" || ' ' || "Status" || ' ' || "UpdatedAt" || ' ' || "TargetUrl" || ' ' || "Timeout"
                || ' ' || ifnull("MaxInFlight", '-') || ' ' || ifnull("RateLimitPerSecond", '-') || ' ' || "Ordering", '; ') FROM webhooks)
        """)!;

    public async Task DisposeAsync() => await App.DisposeAsync();

    private static async Task<string> CreateAsync(HttpClient client, string body)
    {
        var result = await (await client.SendJsonAsync(HttpMethod.Post, "organizations/webhooks", body)).ReadResultAsync(HttpStatusCode.Created);
        return result.GetProperty("id").GetString()!;
    }
}
