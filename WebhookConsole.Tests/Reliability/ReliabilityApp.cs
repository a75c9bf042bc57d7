using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Reliability;

/// <summary>What the reliability tests share: one database, the app's settings for every process, and API calls.</summary>
internal sealed class ReliabilityApp(string contentRoot, IReadOnlyDictionary<string, string> databaseSettings)
{
    public const string ApiKey = "whc_reliability_key_0123456789abcdef";

    public Guid OrganizationId { get; } = Guid.NewGuid();

    public string ContentRoot => contentRoot;

    public Dictionary<string, string> Settings { get; } = new(databaseSettings)
    {
        ["Bootstrap:AdminEmail"] = "admin@example.com",
        ["Bootstrap:AdminPassword"] = "Reliability-Passw0rd",
        ["Bootstrap:OrganizationHandle"] = "reliability",
        ["Bootstrap:ApiKey"] = ApiKey,
        ["Delivery:AllowInsecureTargets"] = "true",
        ["Delivery:PollInterval"] = "00:00:00.200",
        // A killed process's leases return after 20 s (the longest request timeout) plus this.
        ["Delivery:LeaseMargin"] = "00:00:01",
        ["DataProtection:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    };

    public Task<AppProcess> StartAsync()
    {
        Settings["Bootstrap:OrganizationId"] = OrganizationId.ToString();
        return AppProcess.StartAsync(contentRoot, Settings);
    }

    public HttpClient Client(AppProcess app)
    {
        var client = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("SlashID-OrgID", OrganizationId.ToString());
        client.DefaultRequestHeaders.Add("SlashID-API-Key", ApiKey);
        return client;
    }

    /// <summary>
    /// Creates a standard-format webhook (its <c>webhook-id</c> header is the event id) subscribed to PersonCreated_v1,
    /// with <paramref name="ordering"/> (<c>none</c> or <c>fifo</c>); returns its id.
    /// </summary>
    public static async Task<string> CreateWebhookAsync(HttpClient client, string targetUrl, string ordering = "none")
    {
        var created = await (await client.SendJsonAsync(HttpMethod.Post, "organizations/webhooks",
            $$"""{"target_url": "{{targetUrl}}", "name": "{{targetUrl}}", "format": "standard", "ordering": "{{ordering}}"}""")).ReadResultAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        await (await client.SendJsonAsync(HttpMethod.Post, $"organizations/webhooks/{id}/triggers",
            """{"trigger_type": "event", "trigger_name": "PersonCreated_v1"}""")).ReadResultAsync(HttpStatusCode.Created);
        return id;
    }

    /// <summary>The event ids of a webhook's deliveries in the order the hub accepted them (their sequence), read from the database.</summary>
    public async Task<List<string>> AcceptanceOrderAsync(string webhookId)
    {
        const string Sql = """SELECT "EventId" FROM deliveries WHERE "WebhookId" = @webhookId ORDER BY "Sequence" """;
        System.Data.Common.DbConnection connection = databaseSettings.ContainsKey("Database:Provider")
            ? new Npgsql.NpgsqlConnection(databaseSettings["ConnectionStrings:WebhookConsole"])
            : new Microsoft.Data.Sqlite.SqliteConnection(databaseSettings["ConnectionStrings:WebhookConsole"]);
        await using (connection)
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = Sql;
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@webhookId";
            var postgres = databaseSettings.ContainsKey("Database:Provider");
            parameter.Value = postgres ? Guid.Parse(webhookId) : SqliteFile.IdBytes(Guid.Parse(webhookId));
            command.Parameters.Add(parameter);
            var ids = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids.Add((postgres ? reader.GetGuid(0) : SqliteFile.IdFrom(reader.GetFieldValue<byte[]>(0))).ToString());
            }

            return ids;
        }
    }

    /// <summary>Publishes one event; returns its id when the app answered 202, null when the request failed (e.g. the process died).</summary>
    public static async Task<string?> TryPublishAsync(HttpClient client, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.SendJsonAsync(HttpMethod.Post, "events", """{"event_name": "PersonCreated_v1", "payload": {}}""");
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                return null;
            }

            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            return body.RootElement.GetProperty("result").GetProperty("id").GetString();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            return null;
        }
    }
}
