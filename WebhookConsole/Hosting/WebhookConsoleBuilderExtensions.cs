using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Radzen;
using WebhookConsole.Audit;
using WebhookConsole.Api;
using WebhookConsole.Components;
using WebhookConsole.Engine;
using WebhookConsole.Engine.Configuration;
using WebhookConsole.Operators;
using WebhookConsole.Setup;
using WebhookConsole.Tenancy;

namespace WebhookConsole.Hosting;

/// <summary>Composes the one process: engine, console, REST API.</summary>
public static class WebhookConsoleBuilderExtensions
{
    public static WebApplicationBuilder AddWebhookConsole(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // Development defaults to allowing http and loopback targets (Asgardeo's WebSub guide and the X-Webhook-* receiver guide: local testing only).
        if (builder.Environment.IsDevelopment() && builder.Configuration[$"{DeliveryOptions.Section}:AllowInsecureTargets"] is null)
        {
            builder.Configuration[$"{DeliveryOptions.Section}:AllowInsecureTargets"] = "true";
        }

        services.AddWebhookEngine(builder.Configuration, builder.Environment.ContentRootPath);

        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.Section);
        services.AddSingleton<SetupState>();
        services.AddScoped<OrganizationSetup>();
        services.AddSingleton<OperatorService>();
        services.AddTenancy();
        services.AddHostedService<BootstrapService>();

        // Secure cookies always, except in Development, where `dotnet run` serves plain http://localhost (docs/security.md).
        var secureCookies = builder.Configuration.GetValue("Console:SecureCookies", !builder.Environment.IsDevelopment());
        var securePolicy = secureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        // A TLS proxy (loopback, or ForwardedHeaders:KnownProxies / KnownNetworks) tells the app the request was HTTPS.
        services.AddTrustedProxies();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/login";
            options.AccessDeniedPath = "/login";
            options.Cookie.Name = "webhookconsole.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = securePolicy;
        });
        services.AddAntiforgery(options =>
        {
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = securePolicy;
        });
        services.AddOperatorIdentity()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<OperatorClaimsFactory>();
        services.AddAuthorization();
        services.AddCascadingAuthenticationState();

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddHttpContextAccessor();
        services.AddScoped<CircuitHandler, AuditCircuitHandler>();
        services.AddScoped<SignInAudit>();
        services.AddRadzenComponents();
        services.AddWebhookApi();
        services.AddConsoleHealthChecks();
        builder.AddWebhookTelemetry();
        return builder;
    }

    public static WebApplication MapWebhookConsole(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }

        app.UseSecurityHeaders();
        app.UseHttpsRequirement(app.Services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.SecurePolicy == CookieSecurePolicy.Always);
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseApiStatusErrors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapHealthEndpoints();
        app.MapWebhookTelemetry();
        app.MapWebhookApi();
        app.MapPlatformApi();
        app.MapAccountEndpoints();
        app.MapAuditConsoleEndpoints();
        app.MapOrganizationSwitch();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
