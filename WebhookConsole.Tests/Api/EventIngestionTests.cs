using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Api;

/// <summary>
/// Idempotent and batched publishing through the real app on a real SQLite file: what an identity system that retries
/// and sends in bulk sees, and what is really stored.
/// </summary>
public sealed class EventIngestionTests : RunningConsoleAppWithReceiver
{
    private const string EventName = "AuthenticationSucceeded_v1";

    [Fact]
    public async Task PostEvent_SameIdempotencyKeyFrom16ConcurrentCallers_StoresOneEventAndOneDeliveryPerWebhook()
    {
        using var client = App.CreateApiClient(BaseAddress);
        await client.CreateSubscribedWebhookAsync($"{Receiver.Url}/a", "standard");
        await client.CreateSubscribedWebhookAsync($"{Receiver.Url}/b", "standard");

        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "events")
            {
                Content = new StringContent($$$"""{"event_name":"{{{EventName}}}","payload":{"person_id":"p1"}}""", System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", "login-p1-2026-12-02T04:00:00Z");
            var response = await client.SendAsync(request);
            var result = await response.ReadResultAsync(HttpStatusCode.Accepted);
            return (Id: result.GetProperty("id").GetString(), Duplicate: result.GetProperty("duplicate").GetBoolean(),
                Replayed: response.Headers.TryGetValues("Idempotent-Replayed", out var replayed) && replayed.Single() == "true");
        }));

        Assert.Single(answers.Select(a => a.Id).Distinct());
        Assert.Equal(15, answers.Count(a => a.Duplicate));
        Assert.All(answers, a => Assert.Equal(a.Duplicate, a.Replayed));
        Assert.Equal(1, Count("events"));
        Assert.Equal(2, Count("deliveries"));
        Assert.Equal(1, Count("idempotency_keys"));
    }

    [Fact]
    public async Task PostEvent_EventIdInMetadata_BecomesTheEventsIdAndASecondSendStoresNothing()
    {
        using var client = App.CreateApiClient(BaseAddress);
        await client.CreateSubscribedWebhookAsync($"{Receiver.Url}/a", "standard");
        const string body = """{"event_name":"AuthenticationSucceeded_v1","payload":{"event_metadata":{"event_id":"68a850ca-b2ee-46ce-8592-410813037739"},"person_id":"p1"}}""";

        var first = await (await client.SendJsonAsync(HttpMethod.Post, "events", body)).ReadResultAsync(HttpStatusCode.Accepted);
        var again = await (await client.SendJsonAsync(HttpMethod.Post, "events", body)).ReadResultAsync(HttpStatusCode.Accepted);

        Assert.Equal("68a850ca-b2ee-46ce-8592-410813037739", first.GetProperty("id").GetString());
        Assert.False(first.GetProperty("duplicate").GetBoolean());
        Assert.Equal("68a850ca-b2ee-46ce-8592-410813037739", again.GetProperty("id").GetString());
        Assert.True(again.GetProperty("duplicate").GetBoolean());
        Assert.Equal(1, Count("events"));
        Assert.Equal(1, Count("deliveries"));
    }

    [Fact]
    public async Task PostEvent_NoMetadata_StoresThePayloadWithSlashIdEventMetadata()
    {
        using var client = App.CreateApiClient(BaseAddress);

        var result = await (await client.SendJsonAsync(HttpMethod.Post, "events", """{"event_name":"PersonCreated_v1","payload":{"person_id":"p1"}}"""))
            .ReadResultAsync(HttpStatusCode.Accepted);

        var id = result.GetProperty("id").GetString()!;
        using var stored = JsonDocument.Parse(await StoredPayloadAsync(id));
        var metadata = stored.RootElement.GetProperty("event_metadata");
        Assert.Equal(id, metadata.GetProperty("event_id").GetString());
        Assert.Equal("PersonCreated_v1", metadata.GetProperty("event_name").GetString());
        Assert.Equal("PersonCreated", metadata.GetProperty("event_type").GetString());
        Assert.Equal(App.OrganizationId.ToString(), metadata.GetProperty("organization_id").GetString());
        Assert.Equal(2, metadata.GetProperty("source").GetInt32());
        Assert.False(metadata.GetProperty("is_test_event").GetBoolean());
        Assert.True(DateTimeOffset.TryParse(metadata.GetProperty("timestamp").GetString(), out _));
        Assert.Equal("p1", stored.RootElement.GetProperty("person_id").GetString());
    }

    public static TheoryData<string, string, string> BadMetadata => new()
    {
        { "event id not a UUID", """{"event_metadata":{"event_id":"nope"}}""", "event_metadata.event_id must be a UUID" },
        { "another event's name", """{"event_metadata":{"event_name":"PersonCreated_v1"}}""", "event_metadata.event_name must be \"AuthenticationSucceeded_v1\"" },
        { "another organization", """{"event_metadata":{"organization_id":"0647620e-b32f-727b-8004-3f29d8ec5520"}}""", "event_metadata.organization_id must be" },
        { "metadata not an object", """{"event_metadata":[]}""", "event_metadata must be a JSON object" },
        { "timestamp not a time", """{"event_metadata":{"timestamp":"yesterday"}}""", "event_metadata.timestamp must be an RFC 3339 time" },
    };

    [Theory]
    [MemberData(nameof(BadMetadata))]
    public async Task PostEvent_BadMetadata_AnswersWhichFieldAndStoresNothing(string scenario, string payload, string message)
    {
        using var client = App.CreateApiClient(BaseAddress);

        var response = await client.SendJsonAsync(HttpMethod.Post, "events", $$"""{"event_name":"{{EventName}}","payload":{{payload}}}""");

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, scenario);
        Assert.Contains(message, (await response.ReadJsonAsync()).GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.Equal(0, Count("events"));
    }

    [Fact]
    public async Task PostEventBatch_ValidEvents_AnswersTheIdsInOrderAndARepeatStoresNothing()
    {
        using var client = App.CreateApiClient(BaseAddress);
        await client.CreateSubscribedWebhookAsync($"{Receiver.Url}/a", "standard");
        var events = string.Join(",", Enumerable.Range(0, 100).Select(i =>
            $$"""{"event_name":"{{EventName}}","payload":{"person_id":"p{{i}}"},"idempotency_key":"batch-{{i}}"}"""));

        var first = await (await client.SendJsonAsync(HttpMethod.Post, "events/batch", $$"""{"events":[{{events}}]}""")).ReadResultAsync(HttpStatusCode.Accepted);
        var repeat = await (await client.SendJsonAsync(HttpMethod.Post, "events/batch", $$"""{"events":[{{events}}]}""")).ReadResultAsync(HttpStatusCode.Accepted);

        var ids = first.EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();
        Assert.Equal(100, ids.Distinct().Count());
        for (var i = 0; i < ids.Count; i++)
        {
            using var stored = JsonDocument.Parse(await StoredPayloadAsync(ids[i]));
            Assert.Equal($"p{i}", stored.RootElement.GetProperty("person_id").GetString());
        }

        Assert.Equal(ids, repeat.EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList());
        Assert.All(repeat.EnumerateArray(), e => Assert.True(e.GetProperty("duplicate").GetBoolean()));
        Assert.Equal(100, Count("events"));
        Assert.Equal(100, Count("deliveries"));
    }

    [Fact]
    public async Task PostEventBatch_OneBadItem_StoresNothingAndNamesItsIndexAndField()
    {
        using var client = App.CreateApiClient(BaseAddress);
        await client.CreateSubscribedWebhookAsync($"{Receiver.Url}/a", "standard");
        var events = Enumerable.Range(0, 10).Select(i => $$$"""{"event_name":"{{{EventName}}}","payload":{"person_id":"p{{{i}}}"}}""").ToList();
        events[7] = """{"event_name":"LoginHappened_v9","payload":{}}""";

        var response = await client.SendJsonAsync(HttpMethod.Post, "events/batch", $$"""{"events":[{{string.Join(",", events)}}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Assert.Single((await response.ReadJsonAsync()).GetProperty("errors").EnumerateArray());
        Assert.StartsWith("events[7].event_name: ", error.GetProperty("message").GetString());
        Assert.Equal(0, Count("events"));
        Assert.Equal(0, Count("deliveries"));
    }

    [Theory]
    [InlineData("""{"events":[]}""", "from 1 to 1000 events; it holds 0")]
    [InlineData("""[{"event_name":"PersonCreated_v1"}]""", "events field is an array")]
    [InlineData("""{"events":[{"event_name":"PersonCreated_v1","idempotency_key":7}]}""", "events[0].idempotency_key: must be a string")]
    [InlineData("""{"events":[{"event_name":"PersonCreated_v1","payload":{"event_metadata":{"event_id":"x"}}}]}""", "events[0].payload.event_metadata.event_id: ")]
    public async Task PostEventBatch_BadBody_AnswersTheRule(string body, string message)
    {
        using var client = App.CreateApiClient(BaseAddress);

        var response = await client.SendJsonAsync(HttpMethod.Post, "events/batch", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (await response.ReadJsonAsync()).GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.Equal(0, Count("events"));
    }

    [Fact]
    public async Task PostEventBatch_TooManyEvents_AnswersTheLimit()
    {
        using var client = App.CreateApiClient(BaseAddress);
        var events = string.Join(",", Enumerable.Repeat($$"""{"event_name":"{{EventName}}"}""", 1001));

        var response = await client.SendJsonAsync(HttpMethod.Post, "events/batch", $$"""{"events":[{{events}}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("it holds 1001", (await response.ReadJsonAsync()).GetRawText());
    }

    [Fact]
    public async Task PostEvent_BadIdempotencyKey_AnswersTheHeaderRule()
    {
        using var client = App.CreateApiClient(BaseAddress);
        using var request = new HttpRequestMessage(HttpMethod.Post, "events")
        {
            Content = new StringContent($$"""{"event_name":"{{EventName}}"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", new string('k', 256));

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The Idempotency-Key header must be 1 to 255", (await response.ReadJsonAsync()).GetRawText());
        Assert.Equal(0, Count("events"));
    }

    private int Count(string table) => SqliteFile.Count(App.DatabasePath, table);

    // The payload as the engine reads it back: the column holds its ciphertext (docs/security.md, encryption at rest).
    private async Task<string> StoredPayloadAsync(string id)
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<WebhookDbContext>>().CreateDbContextAsync();
        return (await db.Events.AsNoTracking().SingleAsync(e => e.Id == Guid.Parse(id))).Payload;
    }
}
