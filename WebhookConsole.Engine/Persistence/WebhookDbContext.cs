using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Audit;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Persistence;

/// <summary>
/// The product's one database: operators (ASP.NET Core Identity), organizations, webhooks, the event
/// and delivery log that is also the delivery queue, and the Data Protection key ring.
/// </summary>
/// <remarks>
/// Schema changes are EF Core migrations, applied at start-up, one set per provider: this context's in
/// <c>Persistence/Migrations</c> (SQLite), <see cref="PostgresWebhookDbContext"/>'s in <c>Persistence/Migrations/Postgres</c>.
/// Add both with <c>./scripts/add-migration.sh &lt;Name&gt;</c> (docs/development.md).
/// </remarks>
public class WebhookDbContext : IdentityDbContext<Operator>
{
    private readonly Security.PayloadCipher? _cipher;

    public WebhookDbContext(DbContextOptions<WebhookDbContext> options)
        : base(options)
    {
        _cipher = EncryptedColumns.CipherOf(options);
    }

    /// <summary>For a provider's subclass, which carries that provider's migrations (see <see cref="PostgresWebhookDbContext"/>).</summary>
    protected WebhookDbContext(DbContextOptions options)
        : base(options)
    {
        _cipher = EncryptedColumns.CipherOf(options);
    }

    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<PortalLink> PortalLinks => Set<PortalLink>();

    public DbSet<Webhook> Webhooks => Set<Webhook>();

    public DbSet<Subscription> Subscriptions => Set<Subscription>();

    public DbSet<ChannelVerification> ChannelVerifications => Set<ChannelVerification>();

    public DbSet<WebhookEvent> Events => Set<WebhookEvent>();

    public DbSet<IdempotencyKey> IdempotencyKeys => Set<IdempotencyKey>();

    public DbSet<EventSubject> EventSubjects => Set<EventSubject>();

    public DbSet<Domain.Delivery> Deliveries => Set<Domain.Delivery>();

    public DbSet<Attempt> Attempts => Set<Attempt>();

    public DbSet<Scheduling.EndpointState> EndpointStates => Set<Scheduling.EndpointState>();

    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();

    public DbSet<MaintenanceRun> MaintenanceRuns => Set<MaintenanceRun>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<AuditChainHead> AuditChains => Set<AuditChainHead>();

    /// <summary>The cipher of the stored payloads and bodies (<see cref="EncryptedColumns"/>).</summary>
    internal Security.PayloadCipher Cipher => _cipher
        ?? throw new InvalidOperationException("This WebhookDbContext was built without UsePayloadCipher, so it cannot read or write event payloads and attempt bodies.");

    /// <summary>
    /// Saves, linking any new audit entries into their chains first, in the same transaction as the change they record
    /// (the caller's transaction when there is one, else one begun here). New and changed payloads and bodies are stored
    /// encrypted (<see cref="EncryptedColumns"/>).
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var encrypted = _cipher is null ? null : EncryptedColumns.Encrypt(this, _cipher);
        try
        {
            return await SaveAuditedChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            EncryptedColumns.Restore(encrypted);
        }
    }

    private async Task<int> SaveAuditedChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        AuditChain.RefuseRewrites(this);
        var entries = AuditChain.Unsealed(this);
        if (entries.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        if (Database.CurrentTransaction is not null)
        {
            await AuditChain.SealAsync(this, entries, cancellationToken);
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        await using var transaction = await Database.BeginTransactionAsync(cancellationToken);
        await AuditChain.SealAsync(this, entries, cancellationToken);
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return saved;
    }

    /// <summary>Audit entries are linked asynchronously: a synchronous save that carries one is refused.</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        AuditChain.RefuseRewrites(this);
        if (AuditChain.Unsealed(this).Count > 0)
        {
            throw new InvalidOperationException("Save audit entries with SaveChangesAsync: it links them into their chain.");
        }

        var encrypted = _cipher is null ? null : EncryptedColumns.Encrypt(this, _cipher);
        try
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        finally
        {
            EncryptedColumns.Restore(encrypted);
        }
    }

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

        // SQLite: ids as 16 big-endian bytes (BigEndianGuidConverter), in columns still declared TEXT, which hold a blob
        // as it is: no table had to be rebuilt (migration IdsAsBytes). The default mapping covers the Guids a query
        // passes as parameters outside any property (raw SQL, lists). PostgreSQL keeps its native uuid.
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<Guid>().HaveConversion<BigEndianGuidConverter>().HaveColumnType("TEXT");
            configurationBuilder.DefaultTypeMapping<Guid>().HasConversion<BigEndianGuidConverter>();
        }
    }
}
