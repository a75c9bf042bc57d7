namespace WebhookConsole.Tenancy;

/// <summary>Registers what the console needs to serve many organizations.</summary>
internal static class TenancyServiceCollectionExtensions
{
    public static IServiceCollection AddTenancy(this IServiceCollection services)
    {
        services.AddSingleton<OrganizationAccess>();
        return services;
    }
}
