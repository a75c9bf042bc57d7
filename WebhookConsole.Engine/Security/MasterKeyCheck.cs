using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using WebhookConsole.Engine.Configuration;
using WebhookConsole.Engine.Persistence;

namespace WebhookConsole.Engine.Security;

/// <summary>
/// Refuses to start a node whose master key did not encrypt the database's key ring. Such a node can read no webhook
/// secret and sign nothing: it would claim deliveries, fail to sign them and hold them until their leases ran out, again
/// and again, while the nodes with the right key waited. Runs right after the migrations, before any dispatcher.
/// </summary>
internal sealed class MasterKeyCheck(IDbContextFactory<WebhookDbContext> dbs, MasterKey masterKey) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var keys = await db.DataProtectionKeys.AsNoTracking().Select(k => new { k.FriendlyName, k.Xml }).ToListAsync(cancellationToken);
        foreach (var key in keys)
        {
            foreach (var encrypted in XElement.Parse(key.Xml).Descendants("encryptedKey"))
            {
                try
                {
                    MasterKeyXmlDecryptor.Decrypt(masterKey, encrypted);
                }
                catch (AuthenticationTagMismatchException)
                {
                    throw new StartupRefusedException(
                        $"WebhookConsole will not start: its master key (DataProtection:MasterKey, or the file DataProtection:MasterKeyFile) " +
                        $"is not the one that encrypted this database's keys (Data Protection key {key.FriendlyName}). Nothing was changed. " +
                        "Give this node the same DataProtection:MasterKey as the nodes that already use the database (docs/deployment.md): " +
                        "with another key it could read no webhook secret and sign no delivery.");
                }
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
