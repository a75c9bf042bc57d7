using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Audit;
using WebhookConsole.Engine.Security;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Audit;

/// <summary>Two engines (two nodes) on one PostgreSQL database append to one organization's chain at once: it does not fork.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AuditPostgresTests(PostgresServer postgres)
{
    [Fact]
    public async Task Record_ConcurrentAppendsFromTwoNodes_KeepOneUnbrokenChain()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:WebhookConsole"] = await postgres.CreateDatabaseAsync(),
            ["DataProtection:MasterKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        };
        await using var first = await EngineHost.StartAsync(settings: settings);
        await using var second = await EngineHost.StartAsync(settings: settings, organization: first.Organization);
        const int PerWriter = 15;

        // Four writers, two per node, each creating keys (one audit entry each) as fast as it can.
        await Task.WhenAll(new[] { first, second, first, second }.Select((engine, writer) => Task.Run(async () =>
        {
            var keys = engine.Services.GetRequiredService<ApiKeyService>();
            for (var i = 0; i < PerWriter; i++)
            {
                Assert.True((await keys.CreateAsync(first.Organization.Id, $"writer {writer} key {i}")).Succeeded);
            }
        })));

        var result = await first.Services.GetRequiredService<AuditVerifier>().VerifyAsync(first.Organization.Id);
        Assert.True(result.Ok, result.Reason);
        Assert.Equal(4 * PerWriter, result.Checked);
        await using var db = await second.CreateDbContextAsync();
        var sequences = await db.AuditEntries.Where(e => e.OrganizationId == first.Organization.Id).OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync();
        Assert.Equal(Enumerable.Range(1, 4 * PerWriter).Select(i => (long)i), sequences);
    }
}
