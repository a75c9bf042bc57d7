using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Api;

/// <summary>
/// Through the real app: an event published over the API and delivered by the background dispatcher is stored encrypted
/// (neither the SQLite file nor its write-ahead log holds the payload or the receiver's answer), <c>GET /deliveries/{id}</c>
/// shows both in clear, and a body moved to another column is answered with an error naming it, not with garbage.
/// </summary>
public sealed class PayloadsAtRestApiTests : RunningConsoleAppWithReceiver
{
    private const string PayloadMarker = "payload-marker-c41e09b6aa";
    private const string ResponseMarker = "response-marker-9d27f3c015";

    [Fact]
    public async Task GetDelivery_DeliveredWithMarkers_ShowsBothBodiesThoughTheDatabaseHoldsNeither()
    {
        using var client = App.CreateApiClient(BaseAddress);
        var deliveryId = await DeliverAsync(client);

        var delivery = await (await client.GetAsync($"deliveries/{deliveryId}")).ReadResultAsync(HttpStatusCode.OK);

        var attempt = Assert.Single(delivery.GetProperty("attempts").EnumerateArray());
        Assert.Contains(PayloadMarker, attempt.GetProperty("request").GetProperty("body").GetString());
        Assert.Equal($$"""{"note": "{{ResponseMarker}}"}""", attempt.GetProperty("response").GetProperty("body").GetString());
        var (file, wal) = SqliteFile.ReadBytes(App.DatabasePath);
        Assert.All(new[] { file, wal }, bytes => Assert.All(new[] { PayloadMarker, ResponseMarker },
            marker => Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(marker)))));
    }

    [Fact]
    public async Task GetDelivery_ResponseBodyMovedIntoTheRequestBodyBySql_Answers500NamingTheBodyAndTheAttempt()
    {
        using var client = App.CreateApiClient(BaseAddress);
        var deliveryId = await DeliverAsync(client);
        await using (var connection = new SqliteConnection($"Data Source={App.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var move = connection.CreateCommand();
            move.CommandText = "UPDATE attempts SET RequestBody = ResponseBody";
            Assert.Equal(1, await move.ExecuteNonQueryAsync());
        }

        var response = await client.GetAsync($"deliveries/{deliveryId}");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var error = Assert.Single(JsonDocument.Parse(text).RootElement.GetProperty("errors").EnumerateArray());
        Assert.StartsWith($"The stored request body (attempts.RequestBody) of delivery {deliveryId}, attempt 1, cannot be decrypted", error.GetProperty("message").GetString());
        Assert.DoesNotContain(ResponseMarker, text);
    }

    // A standard webhook on the receiver, an event with the payload marker through POST /events, the receiver answering the
    // response marker; waits (on the engine's notifications) until the delivery is recorded.
    private async Task<Guid> DeliverAsync(HttpClient client)
    {
        Receiver.PostResponseBody = $$"""{"note": "{{ResponseMarker}}"}""";
        var webhookId = Guid.Parse((await client.CreateSubscribedWebhookAsync(Receiver.Url, "standard")).GetProperty("id").GetString()!);
        using var changes = new EngineChanges(App.Services);
        await (await client.SendJsonAsync(HttpMethod.Post, "events",
            $$$"""{"event_name": "AuthenticationSucceeded_v1", "payload": {"person_id": "{{{PayloadMarker}}}"}}"""))
            .ReadResultAsync(HttpStatusCode.Accepted);
        Assert.Contains(PayloadMarker, (await Receiver.NextPostAsync()).BodyText);
        while (true)
        {
            var deliveries = await (await client.GetAsync($"organizations/webhooks/{webhookId}/deliveries")).ReadResultAsync(HttpStatusCode.OK);
            if (deliveries.EnumerateArray().SingleOrDefault() is { ValueKind: JsonValueKind.Object } delivery && delivery.GetProperty("status").GetString() == "succeeded")
            {
                return Guid.Parse(delivery.GetProperty("id").GetString()!);
            }

            await changes.NextAsync(EngineChangeKind.DeliveryRecorded, webhookId);
        }
    }
}
