using System.Text.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WebhookConsole.Api.OpenApi;
using WebhookConsole.Api.RateLimiting;

namespace WebhookConsole.Api;

/// <summary>Registers and maps the REST API (SlashID's API) and its public OpenAPI document.</summary>
internal static class WebhookApiExtensions
{
    public static IServiceCollection AddWebhookApi(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.Converters.Add(new UtcMillisecondsJsonConverter());
        });
        services.AddApiDocumentation();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, ApiOrPagePolicy>());
        services.AddSingleton<OrganizationRateLimits>();
        services.AddSingleton<WebhookResources>();
        return services;
    }

    public static WebApplication MapWebhookApi(this WebApplication app)
    {
        // Public (no API key), but rate limited per organization and documented like the rest.
        app.MapJwksEndpoints()
            .AddEndpointFilter<ConsistencyFilter>()
            .AddEndpointFilter<QueryParameterFilter>()
            .WithGroupName(ApiDocumentation.DocumentName)
            .WithMetadata(new RestApiEndpointMetadata())
            .RequireOrganizationRateLimit(TokenBucketPolicy.VerificationJwks);

        // Authentication first, then SlashID's consistency headers: both answer with the errors envelope.
        var api = app.MapGroup("")
            .AddEndpointFilter<ApiKeyFilter>()
            .AddEndpointFilter<ConsistencyFilter>()
            .AddEndpointFilter<QueryParameterFilter>()
            .DisableAntiforgery()
            .WithGroupName(ApiDocumentation.DocumentName)
            .WithMetadata(new RestApiEndpointMetadata());
        foreach (var status in new[] { StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden })
        {
            api.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ApiResults.ErrorEnvelope), ["application/json"]));
        }

        api.MapEventEndpoints();
        api.MapEventTypeEndpoints();
        api.MapWebhookEndpoints();
        api.MapTriggerEndpoints();
        api.MapDeliveryEndpoints();
        api.MapTestEventEndpoints();
        api.MapHookEndpoints();
        api.MapRedeliveryEndpoints();
        api.MapRotationEndpoints();
        api.MapAuditLogEndpoints();
        api.MapPrivacyEndpoints();
        app.MapApiDocumentation();
        return app;
    }
}
