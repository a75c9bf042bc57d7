using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Persistence;

namespace WebhookConsole.Setup;

/// <summary>Whether the first admin exists; cached once true, so the check costs one query per process.</summary>
public sealed class SetupState(IDbContextFactory<WebhookDbContext> dbs)
{
    private volatile bool _complete;

    public async Task<bool> IsCompleteAsync(CancellationToken cancellationToken = default)
    {
        if (!_complete)
        {
            await using var db = await dbs.CreateDbContextAsync(cancellationToken);
            _complete = await db.Users.AnyAsync(cancellationToken);
        }

        return _complete;
    }

    public void MarkComplete() => _complete = true;
}
