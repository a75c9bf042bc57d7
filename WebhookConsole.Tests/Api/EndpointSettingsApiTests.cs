using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Engine.Scheduling;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Api;

/// <summary>
/// The per-endpoint delivery settings (<c>max_in_flight</c>, <c>rate_limit_per_second</c>, <c>ordering</c>) and the
/// circuit through the webhooks API, against the real app on a real SQLite file.
/// </summary>
public sealed class EndpointSettingsApiTests : RunningConsoleApp
{
    private HttpClient client = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        client = App.CreateApiClient(BaseAddress);
    }

    public override async Task DisposeAsync()
    {
        client.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task CreateWebhook_WithoutSettings_ShowsNoCapNoLimitUnorderedAndAClosedCircuit()
    {
        var created = await CreateAsync("""{"target_url": "https://hooks.example.com/plain", "name": "plain"}""");

        var fetched = await GetAsync(created.GetProperty("id").GetString()!);

        foreach (var webhook in new[] { created, fetched })
        {
            Assert.Equal(JsonValueKind.Null, webhook.GetProperty("max_in_flight").ValueKind);
            Assert.Equal(JsonValueKind.Null, webhook.GetProperty("rate_limit_per_second").ValueKind);
            Assert.Equal("none", webhook.GetProperty("ordering").GetString());
            Assert.Equal("""{"state":"closed","since":null,"next_probe_at":null}""", webhook.GetProperty("circuit").GetRawText());
        }
    }

    [Fact]
    public async Task CreatePatchGet_Settings_RoundTripAndAnExplicitNullClears()
    {
        var created = await CreateAsync("""
            {"target_url": "https://hooks.example.com/fifo", "name": "fifo", "max_in_flight": 4, "rate_limit_per_second": 25, "ordering": "fifo"}
            """);
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal((4, 25, "fifo"), Settings(created));
        Assert.Equal((4, 25, "fifo"), Settings(await GetAsync(id)));

        var patched = await PatchAsync(id, """{"max_in_flight": 256, "ordering": "none"}""");
        Assert.Equal((256, 25, "none"), Settings(patched));
        var untouched = await PatchAsync(id, """{"name": "renamed"}""");
        Assert.Equal((256, 25, "none"), Settings(untouched));

        var cleared = await PatchAsync(id, """{"max_in_flight": null, "rate_limit_per_second": null}""");
        Assert.Equal((null, null, "none"), Settings(cleared));
        Assert.Equal((null, null, "none"), Settings(await GetAsync(id)));
        Assert.Equal("NULL NULL None", SqliteFile.Scalar(App.DatabasePath,
            $"""SELECT ifnull("MaxInFlight", 'NULL') || ' ' || ifnull("RateLimitPerSecond", 'NULL') || ' ' || "Ordering" FROM webhooks WHERE "Id" = {SqliteFile.IdLiteral(Guid.Parse(id))}"""));
        var listed = (await (await client.GetAsync("organizations/webhooks")).ReadJsonAsync()).GetProperty("result")[0];
        Assert.Equal((null, null, "none"), Settings(listed));
    }

    [Fact]
    public async Task GetWebhook_OpenCircuitInEndpointState_ShowsOpenSinceAndNextProbeInGetAndList()
    {
        var id = (await CreateAsync("""{"target_url": "https://hooks.example.com/down", "name": "down"}""")).GetProperty("id").GetString()!;
        var other = (await CreateAsync("""{"target_url": "https://hooks.example.com/up", "name": "up"}""")).GetProperty("id").GetString()!;
        var since = new DateTimeOffset(2026, 12, 2, 12, 0, 3, TimeSpan.Zero);
        await using (var db = await App.Services.GetRequiredService<IDbContextFactory<WebhookDbContext>>().CreateDbContextAsync())
        {
            db.EndpointStates.Add(new EndpointState
            {
                WebhookId = Guid.Parse(id),
                Circuit = CircuitState.Open,
                CircuitSince = since,
                NextProbeAt = since.AddSeconds(30),
                CoolDown = TimeSpan.FromSeconds(30),
                ConsecutiveFailures = 5,
            });
            await db.SaveChangesAsync();
        }

        var fetched = await GetAsync(id);
        var list = (await (await client.GetAsync("organizations/webhooks")).ReadJsonAsync()).GetProperty("result");

        const string Open = """{"state":"open","since":"2026-12-02T12:00:03.000Z","next_probe_at":"2026-12-02T12:00:33.000Z"}""";
        Assert.Equal(Open, fetched.GetProperty("circuit").GetRawText());
        Assert.Equal(Open, list.EnumerateArray().Single(w => w.GetProperty("id").GetString() == id).GetProperty("circuit").GetRawText());
        Assert.Equal("closed", list.EnumerateArray().Single(w => w.GetProperty("id").GetString() == other).GetProperty("circuit").GetProperty("state").GetString());
    }

    [Fact]
    public async Task GetDelivery_QueuedBehindAnOpenCircuit_SaysWhyItWaitsAndNullOnceFinished()
    {
        var id = Guid.Parse((await CreateAsync("""{"target_url": "https://hooks.example.com/held", "name": "held"}""")).GetProperty("id").GetString()!);
        var now = DateTimeOffset.UtcNow;
        var queued = NewDelivery(id, DeliveryStatus.Retrying, now);
        var finished = NewDelivery(id, DeliveryStatus.Succeeded, now);
        await using (var db = await App.Services.GetRequiredService<IDbContextFactory<WebhookDbContext>>().CreateDbContextAsync())
        {
            db.Deliveries.AddRange(queued, finished);
            db.EndpointStates.Add(new EndpointState { WebhookId = id, Circuit = CircuitState.Open, CircuitSince = now.AddSeconds(-5), NextProbeAt = now.AddSeconds(25) });
            await db.SaveChangesAsync();
        }

        var waiting = await (await client.GetAsync($"deliveries/{queued.Id}")).ReadResultAsync(HttpStatusCode.OK);
        var done = await (await client.GetAsync($"deliveries/{finished.Id}")).ReadResultAsync(HttpStatusCode.OK);

        Assert.StartsWith("Waiting: the endpoint's circuit is open since ", waiting.GetProperty("waiting_reason").GetString());
        Assert.Contains("; next probe at ", waiting.GetProperty("waiting_reason").GetString());
        Assert.Equal(JsonValueKind.Null, done.GetProperty("waiting_reason").ValueKind);
        Assert.Equal(0, done.GetProperty("attempts").GetArrayLength());
        var listed = (await (await client.GetAsync($"organizations/webhooks/{id}/deliveries")).ReadJsonAsync()).GetProperty("result");
        Assert.All(listed.EnumerateArray(), d => Assert.False(d.TryGetProperty("waiting_reason", out _)));
    }

    private Delivery NewDelivery(Guid webhookId, DeliveryStatus status, DateTimeOffset at) => new()
    {
        Id = Guid.NewGuid(),
        Event = new WebhookEvent
        {
            Id = Guid.NewGuid(), OrganizationId = App.OrganizationId, TriggerType = TriggerType.Event, Name = "AuthenticationFailed_v1", Payload = "{}", ReceivedAt = at,
        },
        EventName = "AuthenticationFailed_v1",
        WebhookId = webhookId,
        OrganizationId = App.OrganizationId,
        Status = status,
        CreatedAt = at,
        NextAttemptAt = at,
        CompletedAt = status == DeliveryStatus.Succeeded ? at : null,
    };

    private static (int?, int?, string?) Settings(JsonElement webhook) => (
        webhook.GetProperty("max_in_flight").ValueKind == JsonValueKind.Null ? null : webhook.GetProperty("max_in_flight").GetInt32(),
        webhook.GetProperty("rate_limit_per_second").ValueKind == JsonValueKind.Null ? null : webhook.GetProperty("rate_limit_per_second").GetInt32(),
        webhook.GetProperty("ordering").GetString());

    private async Task<JsonElement> CreateAsync(string body) =>
        await (await client.SendJsonAsync(HttpMethod.Post, "organizations/webhooks", body)).ReadResultAsync(HttpStatusCode.Created);

    private async Task<JsonElement> GetAsync(string id) =>
        await (await client.GetAsync($"organizations/webhooks/{id}")).ReadResultAsync(HttpStatusCode.OK);

    private async Task<JsonElement> PatchAsync(string id, string body) =>
        await (await client.SendJsonAsync(HttpMethod.Patch, $"organizations/webhooks/{id}", body)).ReadResultAsync(HttpStatusCode.OK);
}
