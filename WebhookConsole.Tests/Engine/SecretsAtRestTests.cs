using System.Text;
using Microsoft.Data.Sqlite;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine;

public sealed class SecretsAtRestTests
{
    [Fact]
    public async Task CreateWebhook_GivenSecret_DatabaseFileHoldsOnlyItsCiphertext()
    {
        await using var engine = await EngineHost.StartAsync();
        const string secret = "my-very-own-hmac-secret-7f3a9c";
        var result = await engine.Webhooks.CreateAsync(engine.Organization.Id, new()
        {
            Name = "Secret keeper",
            TargetUrl = "https://example.com/hook",
            Secret = secret,
            Channels = ["login"],
        });
        Assert.True(result.Succeeded);

        // Fold the write-ahead log into the main file so the whole database is in one file to read.
        await using (var connection = new SqliteConnection($"Data Source={engine.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await checkpoint.ExecuteNonQueryAsync();
        }

        var bytes = await File.ReadAllBytesAsync(engine.DatabasePath);
        Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)));
        Assert.NotEqual(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes("Secret keeper")));
        Assert.Equal("****3a9c", result.Value!.Webhook.MaskedSecret);
    }

    [Fact]
    public async Task KeyRing_StoredInTheDatabase_IsEncryptedWithTheMasterKeyKeptOutsideIt()
    {
        await using var engine = await EngineHost.StartAsync();
        await engine.CreateWebhookAsync("https://example.com/hook");

        await using var db = await engine.CreateDbContextAsync();
        var keys = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.DataProtectionKeys);
        var key = Assert.Single(keys);
        Assert.Contains("<encryptedKey", key.Xml);
        Assert.DoesNotContain("<masterKey", key.Xml);
        var masterKeyFile = Path.Combine(Path.GetDirectoryName(engine.DatabasePath)!, "data", "keys", "master.key");
        Assert.Equal(32, Convert.FromBase64String(await File.ReadAllTextAsync(masterKeyFile)).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(masterKeyFile));
        }
    }
}
