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
    public async Task StartUp_WithAnotherMasterKeyThanTheKeyRingsOwn_IsRefusedWithAClearSentence()
    {
        var first = Convert.ToBase64String(Enumerable.Repeat((byte)1, 32).ToArray());
        await using var engine = await EngineHost.StartAsync(settings: new Dictionary<string, string?> { ["DataProtection:MasterKey"] = first });
        await engine.CreateWebhookAsync("https://example.com/hook");
        await using var sameKey = await EngineHost.StartAsync(organization: engine.Organization, settings: new Dictionary<string, string?>
        {
            ["DataProtection:MasterKey"] = first, ["ConnectionStrings:WebhookConsole"] = $"Data Source={engine.DatabasePath}",
        });
        await using var otherKey = await EngineHost.StartAsync(organization: engine.Organization, settings: new Dictionary<string, string?>
        {
            ["DataProtection:MasterKey"] = Convert.ToBase64String(new byte[32]), ["ConnectionStrings:WebhookConsole"] = $"Data Source={engine.DatabasePath}",
        });

        await CheckMasterKeyAsync(sameKey);
        var refused = await Assert.ThrowsAsync<WebhookConsole.Engine.Configuration.StartupRefusedException>(() => CheckMasterKeyAsync(otherKey));

        Assert.StartsWith("WebhookConsole will not start: its master key (DataProtection:MasterKey", refused.Message);
        Assert.Contains("Give this node the same DataProtection:MasterKey", refused.Message);
        Assert.Equal(refused.Message, refused.ToString());
    }

    private static Task CheckMasterKeyAsync(EngineHost engine) =>
        engine.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().Single(s => s.GetType().Name == "MasterKeyCheck").StartAsync(CancellationToken.None);

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
