using System.Net;
using Microsoft.IdentityModel.JsonWebTokens;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Api;

/// <summary>The whole app in PostgreSQL mode (Database:Provider=Postgres): bootstrap, API and background delivery.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresAppTests(PostgresServer postgres) : IAsyncLifetime
{
    private ConsoleApp app = null!;
    private TestReceiver receiver = null!;

    public async Task InitializeAsync()
    {
        receiver = await TestReceiver.StartAsync();
        app = new ConsoleApp(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:WebhookConsole"] = await postgres.CreateDatabaseAsync(),
        });
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await receiver.DisposeAsync();
    }

    [Fact]
    public async Task App_OnPostgres_AcceptsAnEventAndDeliversItSigned()
    {
        using var client = app.CreateApiClient(app.Start());
        var created = await (await client.SendJsonAsync(HttpMethod.Post, "organizations/webhooks",
            $$"""{"target_url": "{{receiver.Url}}", "name": "on postgres"}""")).ReadResultAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString();
        await (await client.SendJsonAsync(HttpMethod.Post, $"organizations/webhooks/{id}/triggers",
            """{"trigger_type": "event", "trigger_name": "PersonCreated_v1"}""")).ReadResultAsync(HttpStatusCode.Created);

        var accepted = await (await client.SendJsonAsync(HttpMethod.Post, "events", """{"event_name": "PersonCreated_v1", "payload": {"person_id": "p1"}}"""))
            .ReadResultAsync(HttpStatusCode.Accepted);
        var post = await receiver.NextPostAsync();

        var token = new JsonWebToken(post.BodyText);
        Assert.Equal(accepted.GetProperty("id").GetString(), token.Subject);
        Assert.Equal(app.OrganizationId.ToString(), token.GetClaim("aud").Value);
    }
}
