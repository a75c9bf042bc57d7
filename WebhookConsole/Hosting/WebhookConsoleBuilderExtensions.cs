using Microsoft.AspNetCore.Identity;
using Radzen;
using WebhookConsole.Api;
using WebhookConsole.Components;
using WebhookConsole.Engine;
using WebhookConsole.Engine.Configuration;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Setup;

namespace WebhookConsole.Hosting;

/// <summary>Composes the one process: engine, console, REST API.</summary>
public static class WebhookConsoleBuilderExtensions
{
    public static WebApplicationBuilder AddWebhookConsole(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // Development defaults to allowing http and loopback targets (seeds 003, 004: local testing only).
        if (builder.Environment.IsDevelopment() && builder.Configuration[$"{DeliveryOptions.Section}:AllowInsecureTargets"] is null)
        {
            builder.Configuration[$"{DeliveryOptions.Section}:AllowInsecureTargets"] = "true";
        }

        services.AddWebhookEngine(builder.Configuration, builder.Environment.ContentRootPath);

        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.Section);
        services.AddSingleton<SetupState>();
        services.AddScoped<OrganizationSetup>();
        services.AddHostedService<BootstrapService>();

        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/login";
            options.Cookie.Name = "webhookconsole.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddIdentityCore<Operator>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 12;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
            })
            .AddEntityFrameworkStores<WebhookDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<OperatorClaimsFactory>();
        services.AddAuthorization();
        services.AddCascadingAuthenticationState();

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddRadzenComponents();
        services.AddWebhookApi();
        services.AddConsoleHealthChecks();
        return builder;
    }

    public static WebApplication MapWebhookConsole(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseApiStatusErrors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapHealthEndpoints();
        app.MapWebhookApi();
        app.MapAccountEndpoints();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
