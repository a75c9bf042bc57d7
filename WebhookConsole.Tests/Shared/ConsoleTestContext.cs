using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Radzen;
using WebhookConsole.Engine;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Engine.Verification;
using WebhookConsole.Engine.Webhooks;
using WebhookConsole.Hosting;
using WebhookConsole.Operators;

namespace WebhookConsole.Tests.Shared;

/// <summary>
/// bUnit context for console components: the real engine on a fresh SQLite file, Radzen's services, and a
/// signed-in operator of <see cref="Organization"/>.
/// </summary>
public abstract class ConsoleTestContext : BunitContext
{
    private readonly TempDatabase _database = new();

    /// <param name="role">The signed-in operator's role (<see cref="OperatorRoles"/>), or null for none.</param>
    /// <param name="settings">More configuration, e.g. <c>Notifications:*</c>.</param>
    protected ConsoleTestContext(bool allowInsecureTargets = true, string? role = OperatorRoles.Admin, IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["ConnectionStrings:WebhookConsole"] = _database.ConnectionString,
            ["Delivery:AllowInsecureTargets"] = allowInsecureTargets ? "true" : "false",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        Services.AddLogging();
        // The Quartz hosted service needs the host's lifetime (it is resolved with the other hosted services below).
        Services.AddSingleton<IHostApplicationLifetime, Microsoft.Extensions.Hosting.Internal.ApplicationLifetime>();
        Services.AddSingleton<IConfiguration>(configuration);
        Services.AddWebhookEngine(configuration, _database.Directory);
        Services.AddRadzenComponents();
        Services.AddOperatorIdentity();
        Services.AddFastPasswordHashing();
        Services.AddSingleton<OperatorService>();
        JSInterop.Mode = JSRuntimeMode.Loose;
        // RadzenChart measures itself through JavaScript, which bUnit does not run; Chromium tests draw the real one.
        ComponentFactories.AddStub<Radzen.Blazor.RadzenChart>();

        // The signed-in operator as a root cascading value: bUnit's AddAuthorization needs
        // Microsoft.AspNetCore.Components.WebAssembly.Authentication, which is not obtainable here.
        var operatorIdentity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin@example.com"), new Claim("org_id", Organization.Id.ToString())], "test");
        if (role is not null)
        {
            operatorIdentity.AddClaim(new Claim(ClaimTypes.Role, role));
        }

        Services.AddCascadingValue(_ => Task.FromResult(new AuthenticationState(new ClaimsPrincipal(operatorIdentity))));
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));

        Services.GetServices<IHostedService>().OfType<DatabaseMigrator>().Single().StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        using (var db = Services.GetRequiredService<IDbContextFactory<WebhookDbContext>>().CreateDbContext())
        {
            db.Organizations.Add(Organization);
            db.SaveChanges();
        }
    }

    protected Organization Organization { get; } = new() { Id = Guid.NewGuid(), Handle = "myorg", Name = "My org", CreatedAt = DateTimeOffset.UtcNow };

    protected WebhookService Webhooks => Services.GetRequiredService<WebhookService>();

    protected VerificationWorker Verification => Services.GetRequiredService<VerificationWorker>();

    /// <summary>Changes the database directly (what the engine would have written, e.g. an endpoint's open circuit) and saves.</summary>
    protected async Task ChangeDatabaseAsync(Action<WebhookDbContext> change)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<WebhookDbContext>>().CreateDbContextAsync();
        change(db);
        await db.SaveChangesAsync();
    }

    protected async Task<int> CountWebhooksAsync()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<WebhookDbContext>>().CreateDbContextAsync();
        return await db.Webhooks.CountAsync();
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
