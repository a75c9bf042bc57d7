using Microsoft.Extensions.Options;
using WebhookConsole.Tenancy.Portal;

namespace WebhookConsole.Tenancy;

/// <summary>Registers what the console needs to serve many organizations: who may work where, and the tenant portal's settings.</summary>
internal static class TenancyServiceCollectionExtensions
{
    public static IServiceCollection AddTenancy(this IServiceCollection services)
    {
        services.AddSingleton<OrganizationAccess>();
        services.AddOptions<PortalOptions>().BindConfiguration(PortalOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PortalOptions>, PortalOptionsValidator>();
        return services;
    }
}
