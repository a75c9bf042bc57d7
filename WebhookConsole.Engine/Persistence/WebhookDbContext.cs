using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Persistence;

/// <summary>
/// The product's one database: operators (ASP.NET Core Identity), organizations, webhooks, the event
/// and delivery log that is also the delivery queue, and the Data Protection key ring.
/// </summary>
/// <remarks>
/// Schema changes are EF Core migrations, applied at start-up. To add one (docs/development.md):
/// <c>dotnet tool restore &amp;&amp; dotnet ef migrations add &lt;Name&gt; --project WebhookConsole.Engine
/// --output-dir Persistence/Migrations -- -p:EfDesign=true</c>, i.e.
/// <c>./scripts/add-migration.sh &lt;Name&gt;</c>.
/// </remarks>
public sealed class WebhookDbContext(DbContextOptions<WebhookDbContext> options) : IdentityDbContext<Operator>(options)
{
    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<Webhook> Webhooks => Set<Webhook>();

    public DbSet<Subscription> Subscriptions => Set<Subscription>();

    public DbSet<ChannelVerification> ChannelVerifications => Set<ChannelVerification>();

    public DbSet<WebhookEvent> Events => Set<WebhookEvent>();

    public DbSet<Domain.Delivery> Deliveries => Set<Domain.Delivery>();

    public DbSet<Attempt> Attempts => Set<Attempt>();

    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();

    public DbSet<MaintenanceRun> MaintenanceRuns => Set<MaintenanceRun>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(WebhookDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Times are Unix milliseconds and durations milliseconds: SQLite then orders and compares them
        // as integers (the queue's claim depends on it), and PostgreSQL stores the same bigint.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
        configurationBuilder.Properties<TimeSpan>().HaveConversion<MillisecondsConverter>();
    }
}
