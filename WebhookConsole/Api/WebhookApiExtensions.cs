using System.Text.Json;

namespace WebhookConsole.Api;

/// <summary>Registers and maps the REST API (seeds 000-002).</summary>
internal static class WebhookApiExtensions
{
    public static IServiceCollection AddWebhookApi(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        return services;
    }

    public static IEndpointRouteBuilder MapWebhookApi(this IEndpointRouteBuilder app)
    {
        app.MapJwksEndpoints();
        var api = app.MapGroup("").AddEndpointFilter<ApiKeyFilter>().DisableAntiforgery();
        api.MapEventEndpoints();
        api.MapTestEventEndpoints();
        api.MapHookEndpoints();
        api.MapRedeliveryEndpoints();
        return app;
    }
}
