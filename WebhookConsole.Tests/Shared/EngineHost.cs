using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WebhookConsole.Engine;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Engine.Security;
using WebhookConsole.Engine.Verification;
using WebhookConsole.Engine.Webhooks;

namespace WebhookConsole.Tests.Shared;

/// <summary>
/// The engine on a fresh SQLite file, with its background loops not started: a test drives one dispatch
/// batch or one verification round at a time, so it never waits on timing.
/// </summary>
public sealed class EngineHost : IAsyncDisposable
{
    private readonly TempDatabase _database = new();
    private ServiceProvider _services = null!;
    private IConfiguration _configuration = null!;
    private TimeProvider? _time;
    private IHostResolver? _resolver;
    private ILoggerProvider? _logs;

    public IServiceProvider Services => _services;

    private EngineHost(Organization organization) => Organization = organization;

    public Organization Organization { get; }

    public WebhookService Webhooks => Services.GetRequiredService<WebhookService>();

    public IEventPublisher Publisher => Services.GetRequiredService<IEventPublisher>();

    public DeliveryDispatcher Dispatcher => Services.GetRequiredService<DeliveryDispatcher>();

    public VerificationWorker Verification => Services.GetRequiredService<VerificationWorker>();

    public string DatabasePath => _database.FilePath;

    /// <param name="organization">An organization already in the database (a second engine on a shared database); a new one when null.</param>
    /// <param name="resolver">Replaces DNS for outbound requests and save-time checks (SSRF tests).</param>
    /// <param name="logs">Receives every log line of the engine and of EF Core (its statements among them).</param>
    public static async Task<EngineHost> StartAsync(
        TimeProvider? time = null, IDictionary<string, string?>? settings = null, Organization? organization = null, IHostResolver? resolver = null,
        ILoggerProvider? logs = null)
    {
        var host = new EngineHost(organization ?? new Organization { Id = Guid.NewGuid(), Handle = "myorg", Name = "My org" }) { _resolver = resolver, _logs = logs };
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:WebhookConsole"] = host._database.ConnectionString,
            ["Delivery:AllowInsecureTargets"] = "true",
            ["Delivery:PublicBaseUrl"] = "https://hub.example.test",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        host._configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        host._time = time;
        await host.BuildAsync();
        if (organization is not null)
        {
            return host;
        }

        await using var db = await host.CreateDbContextAsync();
        host.Organization.CreatedAt = DateTimeOffset.UtcNow;
        db.Organizations.Add(host.Organization);
        await db.SaveChangesAsync();
        return host;
    }

    /// <summary>
    /// Throws the engine away without letting it finish anything, as a killed process would, and starts a new one
    /// (a new dispatcher identity) on the same database file.
    /// </summary>
    public async Task RestartAsync()
    {
        await _services.DisposeAsync();
        await BuildAsync();
    }

    private async Task BuildAsync()
    {
        var (configuration, time) = (_configuration, _time);
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            if (_logs is not null)
            {
                logging.AddProvider(_logs);
            }
        });
        // The Quartz hosted service needs the host's lifetime; tests that start the scheduler call NotifyStarted.
        services.AddSingleton<IHostApplicationLifetime, Microsoft.Extensions.Hosting.Internal.ApplicationLifetime>();
        services.AddSingleton<IConfiguration>(configuration);
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddSingleton<IRandomSource>(new FixedRandomSource());
        if (_resolver is not null)
        {
            services.AddSingleton(_resolver);
        }

        services.AddWebhookEngine(configuration, _database.Directory);
        _services = services.BuildServiceProvider();
        await _services.GetServices<IHostedService>().OfType<DatabaseMigrator>().Single().StartAsync(CancellationToken.None);
    }

    public Task<WebhookDbContext> CreateDbContextAsync() =>
        Services.GetRequiredService<IDbContextFactory<WebhookDbContext>>().CreateDbContextAsync();

    /// <summary>Creates a websub webhook for <paramref name="targetUrl"/> and returns it with its secret.</summary>
    public async Task<CreatedWebhook> CreateWebhookAsync(string targetUrl, params string[] channels)
    {
        var result = await Webhooks.CreateAsync(Organization.Id, new WebhookInput
        {
            Name = "Test webhook",
            TargetUrl = targetUrl,
            Channels = channels.Length == 0 ? ["login"] : [.. channels],
        });
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Message)));
        return result.Value!;
    }

    /// <summary>Creates a websub webhook and activates it against a receiver that confirms.</summary>
    public async Task<CreatedWebhook> CreateActiveWebhookAsync(string targetUrl, params string[] channels)
    {
        var created = await CreateWebhookAsync(targetUrl, channels);
        Assert.True((await Webhooks.SetActiveAsync(Organization.Id, created.Webhook.Id, true)).Succeeded);
        await Verification.RunPendingAsync(CancellationToken.None);
        Assert.Equal(WebhookStatus.Active, (await Webhooks.GetAsync(Organization.Id, created.Webhook.Id))!.Status);
        return created;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        _database.Dispose();
    }
}
