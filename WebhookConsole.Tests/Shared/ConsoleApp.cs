using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;

namespace WebhookConsole.Tests.Shared;

/// <summary>
/// The real app (Program.cs, every service and middleware) on Kestrel at a loopback port, with a fresh
/// SQLite file and the Bootstrap settings, for browser and API tests.
/// </summary>
public sealed class ConsoleApp : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@example.com";
    public const string AdminPassword = "Correct-Horse-42";
    public const string OrganizationHandle = "myorg";
    public const string ApiKey = "whc_test_key_0123456789abcdefghijklmnop";
    public const string PlatformApiKey = "whc_platform_key_0123456789abcdefghijk";

    private readonly TempDatabase _database = new();
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    /// <param name="settings">Configuration values on top of the defaults above.</param>
    /// <param name="services">Replaces services after the app registered its own (e.g. a <see cref="ManualTimeProvider"/>).</param>
    public ConsoleApp(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        _services = services;
        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:WebhookConsole"] = _database.ConnectionString,
            ["Bootstrap:AdminEmail"] = AdminEmail,
            ["Bootstrap:AdminPassword"] = AdminPassword,
            ["Bootstrap:OrganizationId"] = OrganizationId.ToString(),
            ["Bootstrap:OrganizationHandle"] = OrganizationHandle,
            ["Bootstrap:ApiKey"] = ApiKey,
            ["Bootstrap:PlatformApiKey"] = PlatformApiKey,
            ["Delivery:AllowInsecureTargets"] = "true",
            // The console logger only from Warning up: at Information every app the suite starts formats a line per
            // request, job and delivery into the test host's standard output, which no test reads. Other providers keep
            // the app's levels (a test's RecordingLoggerProvider still sees Information).
            ["Logging:Console:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        UseKestrel(0);
    }

    public Guid OrganizationId { get; } = Guid.NewGuid();

    public string DatabasePath => _database.FilePath;

    /// <summary>Starts the server and returns its base address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Start()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1").TrimEnd('/') + "/");
    }

    /// <summary>A client with this organization's SlashID headers and <paramref name="apiKey"/> (the bootstrap key by default).</summary>
    public HttpClient CreateApiClient(Uri baseAddress, string apiKey = ApiKey)
    {
        var client = new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Add("SlashID-OrgID", OrganizationId.ToString());
        client.DefaultRequestHeaders.Add("SlashID-API-Key", apiKey);
        return client;
    }

    /// <summary>A client of the platform API (<c>/platform/organizations</c>) with the bootstrap platform key.</summary>
    public static HttpClient CreatePlatformClient(Uri baseAddress)
    {
        var client = new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Add("SlashID-API-Key", PlatformApiKey);
        return client;
    }

    /// <summary>A client with <paramref name="organizationId"/>'s SlashID headers and its <paramref name="apiKey"/>.</summary>
    public static HttpClient CreateApiClient(Uri baseAddress, Guid organizationId, string apiKey)
    {
        var client = new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Add("SlashID-OrgID", organizationId.ToString());
        client.DefaultRequestHeaders.Add("SlashID-API-Key", apiKey);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => services.AddFastPasswordHashing());
        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _database.Dispose();
        }
    }
}
