using System.Net;
using System.Text.RegularExpressions;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Api;

/// <summary>OpenTelemetry as an operator uses it: Prometheus scrapes /metrics, an OTLP collector receives the spans.</summary>
public sealed class TelemetryTests : IAsyncLifetime
{
    private TestReceiver receiver = null!;

    public async Task InitializeAsync() => receiver = await TestReceiver.StartAsync();

    public async Task DisposeAsync() => await receiver.DisposeAsync();

    [Fact]
    public async Task Metrics_AfterDeliveries_CountsThemByOutcomeInPrometheusText()
    {
        await using var app = new ConsoleApp();
        using var client = app.CreateApiClient(app.Start());
        using var changes = new EngineChanges(app.Services);
        var (webhookId, secret) = await CreateWebhookAsync(client);
        receiver.PostStatuses.Enqueue(500);

        await PublishAsync(client);
        await PublishAsync(client);
        await changes.NextAsync(EngineChangeKind.DeliveryRecorded, webhookId);
        await changes.NextAsync(EngineChangeKind.DeliveryRecorded, webhookId);
        using var scraper = new HttpClient { BaseAddress = client.BaseAddress };
        // Scraped as Prometheus does, again until the counts show (bounded, like an auto-waiting assertion): on a loaded
        // machine the exporter's first collection can answer before the recorded batch's measurements are in.
        // It waits for exactly the lines asserted below (the succeeded delivery's counter can lag its attempt's histogram).
        Regex[] counted =
        [
            new("""webhookconsole_deliveries_total\{[^}]*outcome="succeeded"[^}]*\} 1$""", RegexOptions.Multiline),
            new("""webhookconsole_deliveries_total\{[^}]*outcome="retrying"[^}]*\} 1$""", RegexOptions.Multiline),
            new("""webhookconsole_attempt_duration_milliseconds_count\{[^}]*outcome="succeeded"[^}]*\} 1$""", RegexOptions.Multiline),
        ];
        HttpResponseMessage response;
        string text;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        do
        {
            response = await scraper.GetAsync("metrics");
            text = await response.Content.ReadAsStringAsync();
        }
        while (!counted.All(c => c.IsMatch(text)) && DateTime.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.All(counted, c => Assert.Matches(c, text));
        Assert.Contains("# TYPE webhookconsole_queue_depth gauge", text);
        Assert.Contains("http_server_request_duration_seconds_bucket", text);
        Assert.Contains("http_client_request_duration_seconds_bucket", text);
        Assert.Contains("dotnet_gc_collections_total", text);
        Assert.DoesNotContain(secret, text);
        Assert.DoesNotContain(ConsoleApp.ApiKey, text);
    }

    [Fact]
    public async Task Metrics_SwitchedOff_IsNotServed()
    {
        await using var app = new ConsoleApp(new Dictionary<string, string?> { ["Telemetry:Prometheus:Enabled"] = "false" });
        using var scraper = new HttpClient { BaseAddress = app.Start() };

        var response = await scraper.GetAsync("metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Traces_OtlpEndpointSet_ExportsPublishAndAttemptSpansForADelivery()
    {
        await using var collector = await OtlpCollector.StartAsync();
        await using var app = new ConsoleApp(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "60000",
        });
        using var client = app.CreateApiClient(app.Start());
        using var changes = new EngineChanges(app.Services);
        var (webhookId, secret) = await CreateWebhookAsync(client);

        var eventId = await PublishAsync(client);
        var delivery = await changes.NextAsync(EngineChangeKind.DeliveryRecorded, webhookId);

        var export = await collector.TraceExportContainingAsync(
            "publish AuthenticationSucceeded_v1", "deliver AuthenticationSucceeded_v1", eventId, webhookId.ToString(), delivery.DeliveryId!.Value.ToString(),
            "webhookconsole.attempt.outcome", "success", "http.response.status_code");
        Assert.DoesNotContain(secret, export);
        Assert.DoesNotContain(ConsoleApp.ApiKey, export);
    }

    private async Task<(Guid Id, string Secret)> CreateWebhookAsync(HttpClient client)
    {
        var webhook = await client.CreateSubscribedWebhookAsync(receiver.Url, "standard");
        return (Guid.Parse(webhook.GetProperty("id").GetString()!), webhook.GetProperty("secret").GetString()!);
    }

    private static async Task<string> PublishAsync(HttpClient client) =>
        (await (await client.SendJsonAsync(HttpMethod.Post, "events", """{"event_name":"AuthenticationSucceeded_v1","payload":{"person_id":"p1"}}"""))
            .ReadResultAsync(HttpStatusCode.Accepted)).GetProperty("id").GetString()!;
}
