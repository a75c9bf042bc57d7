using Microsoft.Extensions.Options;
using WebhookConsole.Hosting;

namespace WebhookConsole.Setup;

/// <summary>Applies the <c>Bootstrap</c> settings at start-up, after the database is migrated. Idempotent.</summary>
internal sealed partial class BootstrapService(IServiceScopeFactory scopes, IOptions<BootstrapOptions> options, ILogger<BootstrapService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var setup = scope.ServiceProvider.GetRequiredService<OrganizationSetup>();
        await setup.GrantAdminToOperatorsWithoutRoleAsync(cancellationToken);
        await setup.EnsurePlatformAdminAsync(cancellationToken);
        if (!settings.IsConfigured)
        {
            return;
        }

        var outcome = await setup.EnsureAsync(
            new OrganizationSetup.Request(settings.AdminEmail, settings.AdminPassword, settings.OrganizationId,
                settings.OrganizationHandle ?? "default", settings.ApiKey),
            generateApiKey: false,
            cancellationToken);
        if (!outcome.Succeeded)
        {
            throw new InvalidOperationException("The Bootstrap settings are invalid: " + string.Join(" ", outcome.Errors.Select(e => $"Bootstrap ({e.Field}): {e.Message}")));
        }

        if (!string.IsNullOrWhiteSpace(settings.ViewerEmail) && !string.IsNullOrWhiteSpace(settings.ViewerPassword))
        {
            var viewerErrors = await setup.EnsureOperatorAsync(settings.ViewerEmail, settings.ViewerPassword, outcome.OrganizationId, OperatorRoles.Viewer, cancellationToken);
            if (viewerErrors.Count > 0)
            {
                throw new InvalidOperationException("The Bootstrap viewer settings are invalid: " + string.Join(" ", viewerErrors.Select(e => $"Bootstrap:ViewerPassword: {e.Message}")));
            }
        }

        if (!string.IsNullOrEmpty(settings.PlatformApiKey))
        {
            var keyErrors = await setup.EnsurePlatformApiKeyAsync(outcome.OrganizationId, settings.PlatformApiKey, cancellationToken);
            if (keyErrors.Count > 0)
            {
                throw new InvalidOperationException("The Bootstrap settings are invalid: " + string.Join(" ", keyErrors.Select(e => $"Bootstrap:PlatformApiKey: {e.Message}")));
            }
        }

        Log.Bootstrapped(logger, settings.AdminEmail!);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Bootstrap settings applied for admin {AdminEmail}.")]
        public static partial void Bootstrapped(ILogger logger, string adminEmail);
    }
}
