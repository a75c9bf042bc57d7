using Npgsql;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Deployment;

/// <summary>
/// A node that finds its database migrated by a newer version (an applied migration it does not know) refuses to
/// start with one clear sentence and exit code 3 (which the systemd unit does not restart), and changes nothing.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DatabaseVersionTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string FutureMigration = "29991231000000_FromANewerVersion";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "webhookconsole-version-" + Guid.NewGuid().ToString("N")[..12]);

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task StartUp_DatabaseMigratedByANewerVersion_RefusesWithAClearMessageAndChangesNothing()
    {
        var database = await postgres.CreateDatabaseAsync();
        await ExecuteAsync(database,
            """CREATE TABLE "__EFMigrationsHistory" ("MigrationId" character varying(150) NOT NULL PRIMARY KEY, "ProductVersion" character varying(32) NOT NULL);""",
            $"""INSERT INTO "__EFMigrationsHistory" VALUES ('{FutureMigration}', '99.0.0');""");
        var port = AppProcess.FreePort();

        await using var node = AppProcess.Start(_directory,
            [Path.Combine(AppContext.BaseDirectory, "WebhookConsole.dll"), "--urls", $"http://127.0.0.1:{port}", "--contentRoot", _directory],
            new Uri($"http://127.0.0.1:{port}/"),
            new Dictionary<string, string> { ["Database:Provider"] = "Postgres", ["ConnectionStrings:WebhookConsole"] = database, ["DataProtection:MasterKey"] = Convert.ToBase64String(new byte[32]) });
        var exitCode = await node.ExitCodeAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(3, exitCode);
        Assert.Contains($"will not start: the database was migrated by a newer version (migrations this version does not know: {FutureMigration})", node.Output, StringComparison.Ordinal);
        Assert.Contains("Run the newer version on this node too", node.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", node.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", node.Output, StringComparison.Ordinal);
        Assert.Equal(1L, await ScalarAsync(database, """SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"""));
    }

    private static async Task ExecuteAsync(string connectionString, params string[] statements)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
