using System.Net;
using Microsoft.AspNetCore.Identity;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Organizations;
using WebhookConsole.Hosting;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Tenancy;

/// <summary>
/// Upgrading a database made by the release before organizations were managed (Tenancy/Release, made by
/// make-release-databases.sh): its organization, operators and data are kept, its operators stay that organization's,
/// and its first admin becomes the platform admin. On SQLite and on PostgreSQL.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReleaseUpgradeTests(PostgresServer postgres)
{
    private static readonly Guid ReleaseOrganizationId = Guid.Parse("3f1c2a9e-7b5d-4e8a-9c01-5a6b7c8d9e0f");
    private const string ReleaseApiKey = "whc_release_key_0123456789abcdefghijkl";
    private static readonly string ReleaseFolder = Path.Combine(AppContext.BaseDirectory, "Tenancy", "Release");

    [Fact]
    public async Task Start_OnAReleaseSqliteDatabase_KeepsItsOrganizationOperatorsAndData()
    {
        using var file = new TempDatabase();
        File.Copy(Path.Combine(ReleaseFolder, "release.db"), file.FilePath);
        await AssertUpgradedAsync(new() { ["ConnectionStrings:WebhookConsole"] = file.ConnectionString });

        // The release stored ids as 36-character text; every one is now its 16 bytes, and every reference still finds its row.
        (string Table, string Column)[] idColumns = [("organizations", "Id"), ("webhooks", "Id"), ("webhooks", "OrganizationId"), ("subscriptions", "WebhookId"),
            ("events", "Id"), ("events", "OrganizationId"), ("deliveries", "Id"), ("deliveries", "EventId"), ("deliveries", "WebhookId"),
            ("deliveries", "OrganizationId"), ("attempts", "DeliveryId"), ("api_keys", "Id"), ("api_keys", "OrganizationId"), ("AspNetUsers", "OrganizationId")];
        Assert.All(idColumns, id => Assert.Equal($"{id.Table}.{id.Column}: 0", $"{id.Table}.{id.Column}: " + SqliteFile.Scalar(file.FilePath,
            $"SELECT COUNT(*) FROM {id.Table} WHERE typeof({id.Column}) <> 'blob' OR length({id.Column}) <> 16")));
        Assert.Equal(1L, SqliteFile.Scalar(file.FilePath, $"SELECT COUNT(*) FROM organizations WHERE Id = {SqliteFile.IdLiteral(ReleaseOrganizationId)}"));
        var attempts = (long)SqliteFile.Scalar(file.FilePath, "SELECT COUNT(*) FROM attempts")!;
        Assert.True(attempts >= 1);
        Assert.Equal(attempts, SqliteFile.Scalar(file.FilePath,
            "SELECT COUNT(*) FROM attempts a JOIN deliveries d ON d.Id = a.DeliveryId JOIN events e ON e.Id = d.EventId JOIN webhooks w ON w.Id = d.WebhookId " +
            "JOIN organizations o ON o.Id = e.OrganizationId AND o.Id = w.OrganizationId AND o.Id = d.OrganizationId"));
        Assert.Null(SqliteFile.Scalar(file.FilePath, "PRAGMA foreign_key_check"));
    }

    [Fact]
    public async Task Start_OnAReleasePostgresDatabase_KeepsItsOrganizationOperatorsAndData()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await postgres.LoadDumpAsync(connectionString, Path.Combine(ReleaseFolder, "release.sql"));
        await AssertUpgradedAsync(new() { ["Database:Provider"] = "Postgres", ["ConnectionStrings:WebhookConsole"] = connectionString });
    }

    private static async Task AssertUpgradedAsync(Dictionary<string, string?> settings)
    {
        // No Bootstrap settings: the release's database is all the app gets.
        settings["Bootstrap:AdminEmail"] = null;
        settings["Bootstrap:AdminPassword"] = null;
        settings["Bootstrap:OrganizationId"] = null;
        settings["Bootstrap:ApiKey"] = null;
        settings["DataProtection:MasterKey"] = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
        await using var app = new ConsoleApp(settings);
        var baseAddress = app.Start();

        var organizations = await app.Services.GetRequiredService<OrganizationService>().ListAsync();
        var organization = Assert.Single(organizations);
        Assert.Equal((ReleaseOrganizationId, "release", 0, false, 1, 1), (organization.Id, organization.Handle, organization.Depth, organization.IsDisabled, organization.Webhooks, organization.Events));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Operator>>();
            var admin = await users.FindByEmailAsync("admin@release.example");
            var viewer = await users.FindByEmailAsync("viewer@release.example");
            Assert.Equal(ReleaseOrganizationId, admin!.OrganizationId);
            Assert.Equal(ReleaseOrganizationId, viewer!.OrganizationId);
            Assert.Equal([OperatorRoles.Admin, OperatorRoles.Platform], (await users.GetRolesAsync(admin)).Order());
            Assert.Equal([OperatorRoles.Viewer], await users.GetRolesAsync(viewer));
            Assert.True(await users.CheckPasswordAsync(admin, "Release-Admin-42"));
        }

        using var client = new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Add("SlashID-OrgID", ReleaseOrganizationId.ToString());
        client.DefaultRequestHeaders.Add("SlashID-API-Key", ReleaseApiKey);
        var webhook = Assert.Single((await (await client.GetAsync("organizations/webhooks")).ReadResultAsync(HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal("release webhook", webhook.GetProperty("name").GetString());
        var delivery = Assert.Single((await (await client.GetAsync($"organizations/webhooks/{webhook.GetProperty("id").GetString()}/deliveries"))
            .ReadResultAsync(HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal("PersonCreated_v1", delivery.GetProperty("event_name").GetString());
    }
}
