using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WebhookConsole.Engine.Configuration;
using WebhookConsole.Engine.Security;

namespace WebhookConsole.Engine.Persistence;

/// <summary>Registers the database of <c>Database:Provider</c>: SQLite (default) or PostgreSQL.</summary>
internal static class DatabaseServiceCollectionExtensions
{
    public const string ConnectionStringName = "WebhookConsole";
    public const string DefaultConnectionString = "Data Source=data/webhookconsole.db";

    public static DatabaseProvider AddWebhookDatabase(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var provider = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>()?.Provider ?? DatabaseProvider.Sqlite;
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section);
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (provider == DatabaseProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new StartupRefusedException("ConnectionStrings:WebhookConsole is required when Database:Provider is Postgres.");
            }

            services.AddDbContextFactory<PostgresWebhookDbContext>((sp, options) => options.UseNpgsql(connectionString).UsePayloadCipher(sp.GetRequiredService<PayloadCipher>()));
            services.AddSingleton<IDbContextFactory<WebhookDbContext>>(sp =>
                new BaseContextFactory<PostgresWebhookDbContext>(sp.GetRequiredService<IDbContextFactory<PostgresWebhookDbContext>>()));
            services.AddScoped<WebhookDbContext>(sp => sp.GetRequiredService<PostgresWebhookDbContext>());
            services.AddSingleton<SqlDialect, PostgresDialect>();
            services.AddSingleton(QueueConnections.Postgres(connectionString));
            // Nodes start one at a time (migrations once); SQLite has one process, so it needs no such lock.
            services.AddHostedService<PostgresStartupLock>();
            services.AddHostedService<PostgresDispatchListener>();
            return provider;
        }

        var sqlite = SqliteConnectionStrings.Resolve(connectionString ?? DefaultConnectionString, contentRoot);
        services.AddDbContextFactory<WebhookDbContext>((sp, options) =>
            options.UseSqlite(sqlite).AddInterceptors(new SqlitePragmas()).UsePayloadCipher(sp.GetRequiredService<PayloadCipher>()));
        services.AddSingleton<SqlDialect, SqliteDialect>();
        services.AddSingleton(QueueConnections.Sqlite(sqlite));
        return provider;
    }

    /// <summary>Hands out a provider's context subclass wherever the base context is asked for.</summary>
    private sealed class BaseContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<WebhookDbContext>
        where TContext : WebhookDbContext
    {
        public WebhookDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<WebhookDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
    }
}
