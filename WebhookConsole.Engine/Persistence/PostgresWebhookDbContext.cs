using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace WebhookConsole.Engine.Persistence;

/// <summary>
/// The same model on PostgreSQL. A subclass only so that PostgreSQL's migrations (generated for it, in
/// <c>Persistence/Migrations/Postgres</c>) are kept apart from SQLite's; everything else uses <see cref="WebhookDbContext"/>.
/// </summary>
public sealed class PostgresWebhookDbContext(DbContextOptions<PostgresWebhookDbContext> options) : WebhookDbContext(options);

/// <summary>Lets <c>dotnet ef</c> build the PostgreSQL context; generating a migration needs no server.</summary>
internal sealed class PostgresDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgresWebhookDbContext>
{
    public PostgresWebhookDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresWebhookDbContext>().UseNpgsql("Host=localhost;Database=design_time").Options);
}
