using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using WebhookConsole.Engine.Persistence;

namespace WebhookConsole.Engine.Diagnostics;

/// <summary>Readiness of the database: one cheap query against a migrated table.</summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<WebhookDbContext> dbs) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbs.CreateDbContextAsync(cancellationToken);
            // Reads one indexed row at most; fails when the file or server is unreachable or the schema is missing.
            await db.MaintenanceRuns.AsNoTracking().Select(r => r.Id).FirstOrDefaultAsync(cancellationToken);
            return HealthCheckResult.Healthy("The database answered.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The exception's message names the cause (no connection string or secret is in it); the stack stays in the log.
            return HealthCheckResult.Unhealthy($"The database did not answer: {ex.Message}");
        }
    }
}
