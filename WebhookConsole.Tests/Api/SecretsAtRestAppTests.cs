using System.Net;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Security;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Api;

/// <summary>
/// After real use through the API (a secret, a custom header, the API key, a signed jwt delivery), neither the
/// database file nor anything the app logged, at any level, holds a secret in clear.
/// </summary>
public sealed class SecretsAtRestAppTests : IAsyncLifetime
{
    private readonly RecordingLoggerProvider logs = new();
    private ConsoleApp app = null!;
    private TestReceiver receiver = null!;

    public async Task InitializeAsync()
    {
        receiver = await TestReceiver.StartAsync();
        app = new ConsoleApp(services: services => services.AddSingleton<ILoggerProvider>(logs));
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await receiver.DisposeAsync();
    }

    [Fact]
    public async Task DatabaseFileAndLogs_AfterUse_HoldNoSecretInClear()
    {
        const string secret = "whsec_" + "c2VjcmV0LXRoYXQtbXVzdC1uZXZlci1sZWFrIQ==";
        const string headerValue = "Bearer header-value-that-must-never-leak-7f3a";
        using var client = app.CreateApiClient(app.Start());
        var standard = await (await client.SendJsonAsync(HttpMethod.Post, "organizations/webhooks",
            $$"""{"target_url": "{{receiver.Url}}/s", "name": "standard", "format": "standard", "secret": "{{secret}}", "custom_headers": {"Authorization": ["{{headerValue}}"]} }"""))
            .ReadResultAsync(HttpStatusCode.Created);
        var jwt = await (await client.SendJsonAsync(HttpMethod.Post, "organizations/webhooks",
            $$"""{"target_url": "{{receiver.Url}}/j", "name": "jwt"}""")).ReadResultAsync(HttpStatusCode.Created);
        foreach (var id in new[] { standard.GetProperty("id").GetString(), jwt.GetProperty("id").GetString() })
        {
            await (await client.SendJsonAsync(HttpMethod.Post, $"organizations/webhooks/{id}/triggers",
                """{"trigger_type": "event", "trigger_name": "PersonCreated_v1"}""")).ReadResultAsync(HttpStatusCode.Created);
        }

        await (await client.SendJsonAsync(HttpMethod.Post, "events", """{"event_name": "PersonCreated_v1", "payload": {}}""")).ReadResultAsync(HttpStatusCode.Accepted);
        var posts = new[] { await receiver.NextPostAsync(), await receiver.NextPostAsync() };
        Assert.Contains(posts, p => p.Headers.TryGetValue("Authorization", out var value) && value == headerValue);
        var privateKey = await CurrentPrivateKeyAsync();

        var database = await ReadDatabaseFileAsync();
        string[] secrets = [secret, secret["whsec_".Length..], headerValue, ConsoleApp.ApiKey, privateKey];
        Assert.All(secrets, s => Assert.Equal(-1, database.AsSpan().IndexOf(Encoding.UTF8.GetBytes(s))));
        Assert.NotEmpty(logs.Lines);
        Assert.All(secrets, s => Assert.DoesNotContain(logs.Lines, line => line.Contains(s, StringComparison.Ordinal)));
    }

    // The key that signs jwt deliveries, decrypted the engine's own way: it must appear nowhere in clear.
    private async Task<string> CurrentPrivateKeyAsync()
    {
        await using var db = await app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<WebhookConsole.Engine.Persistence.WebhookDbContext>>().CreateDbContextAsync();
        var row = Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AsNoTracking(db.SigningKeys).Single(k => k.State == SigningKeyState.Current);
        return app.Services.GetRequiredService<SecretProtector>().Unprotect(row.ProtectedPrivateKey);
    }

    private async Task<byte[]> ReadDatabaseFileAsync()
    {
        await using (var connection = new SqliteConnection($"Data Source={app.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await checkpoint.ExecuteNonQueryAsync();
        }

        return await File.ReadAllBytesAsync(app.DatabasePath);
    }
}
