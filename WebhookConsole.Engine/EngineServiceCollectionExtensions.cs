using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WebhookConsole.Engine.Configuration;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Diagnostics;
using WebhookConsole.Engine.Maintenance;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Engine.Operations;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Engine.Security;
using WebhookConsole.Engine.Signing;
using WebhookConsole.Engine.Verification;
using WebhookConsole.Engine.Webhooks;

namespace WebhookConsole.Engine;

/// <summary>Registers the embedded engine: persistence, delivery, signing, verification, maintenance jobs, metrics and their background services.</summary>
public static class EngineServiceCollectionExtensions
{
    public const string ConnectionStringName = DatabaseServiceCollectionExtensions.ConnectionStringName;
    public const string DefaultConnectionString = DatabaseServiceCollectionExtensions.DefaultConnectionString;

    public static IServiceCollection AddWebhookEngine(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var provider = services.AddWebhookDatabase(configuration, contentRoot);
        // First hosted service: the database is migrated before anything reads it (Data Protection's key ring included).
        services.AddHostedService<DatabaseMigrator>();
        services.AddHostedService<MasterKeyCheck>();
        if (provider == DatabaseProvider.Sqlite)
        {
            services.AddHostedService<WalCheckpointer>();
        }

        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DeliveryOptions>, DeliveryOptionsValidator>();
        services.AddOptions<WebSubOptions>().BindConfiguration(WebSubOptions.Section).ValidateOnStart();
        services.AddOptions<EventsOptions>().BindConfiguration(EventsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EventsOptions>, EventsOptionsValidator>();
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuditOptions>, AuditOptionsValidator>();

        var masterKey = MasterKey.Load(configuration["DataProtection:MasterKey"],
            Path.GetFullPath(configuration["DataProtection:MasterKeyFile"] ?? Path.Combine("data", "keys", "master.key"), contentRoot));
        services.AddSingleton(masterKey);
        services.AddDataProtection().SetApplicationName("WebhookConsole");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider => new ConfigureOptions<KeyManagementOptions>(options =>
        {
            options.XmlRepository = new DatabaseXmlRepository(provider.GetRequiredService<IServiceScopeFactory>());
            options.XmlEncryptor = new MasterKeyXmlEncryptor(masterKey);
        }));

        services.AddWebhookHttpClient();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SecretProtector>();
        services.AddSingleton<PayloadCipher>();
        services.AddSingleton<Audit.AuditActors>();
        services.AddSingleton<Audit.AuditLog>();
        services.AddSingleton<Audit.AuditQuery>();
        services.AddSingleton<Audit.AuditVerifier>();
        services.AddSingleton<Audit.AuditPurge>();
        services.AddSingleton<EngineNotifier>();
        services.AddSingleton<DispatchSignal>();
        services.AddSingleton<DeliveryHandoff>();
        services.AddSingleton<QueueWriter>();
        services.AddSingleton<QueueStore>();
        services.AddSingleton<Privacy.SubjectKeys>();
        services.AddSingleton<Privacy.SubjectErasure>();
        services.AddSingleton<Privacy.RetentionSettings>();
        services.AddSingleton<Scheduling.AcceptanceSequence>();
        services.AddSingleton<VerificationSignal>();
        services.AddOptions<SigningOptions>().BindConfiguration(SigningOptions.Section);
        services.TryAddSingleton<IRandomSource, SharedRandomSource>();
        services.AddSingleton<SigningKeyService>();
        services.AddSingleton<Organizations.OrganizationService>();
        services.AddSingleton<Organizations.OrganizationDirectory>();
        services.AddSingleton<Organizations.PortalLinkService>();
        services.AddSingleton<IWireFormat, WebSubFormat>();
        services.AddSingleton<IWireFormat, JwtFormat>();
        services.AddSingleton<IWireFormat, StandardFormat>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<RetryPolicy>();
        services.AddSingleton<DeliveryOutcomes>();
        services.AddSingleton<Scheduling.EndpointClaims>();
        services.AddSingleton<Scheduling.EndpointCircuits>();
        services.AddSingleton<IEventPublisher, EventPublisher>();
        services.AddSingleton<WebSubVerifier>();
        services.AddSingleton<WebhookService>();
        services.AddSingleton<DeliveryLog>();
        services.AddSingleton<WebhookOverview>();
        services.AddSingleton<SyncHookLog>();
        services.AddSingleton<AttemptRates>();
        services.AddSingleton<WebhookActivity>();
        services.AddSingleton<DeliveryControl>();
        services.AddSingleton<DispatcherStatus>();
        Scheduling.EndpointViews.Register(services);
        services.AddSingleton<ISyncHookInvoker, SyncHookInvoker>();
        services.AddSingleton<TestEventService>();
        services.AddSingleton<ApiKeyService>();

        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section);
        services.AddHttpClient(NotificationSender.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false });
        services.AddSingleton<OperationalEvents>();
        services.AddSingleton<NotificationSender>();
        services.AddSingleton<OperationalNotifier>();
        services.AddHostedService(provider => provider.GetRequiredService<OperationalNotifier>());

        services.AddSingleton<DeliveryDispatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<DeliveryDispatcher>());
        services.AddSingleton<VerificationWorker>();
        services.AddHostedService(provider => provider.GetRequiredService<VerificationWorker>());

        services.AddMetrics();
        services.AddSingleton<DeliveryMetrics>();
        services.AddSingleton<WorkerHeartbeat>();
        // Last: the Quartz hosted service must start after the DatabaseMigrator registered first above.
        services.AddMaintenanceJobs(provider, configuration.GetConnectionString(ConnectionStringName));
        return services;
    }
}
