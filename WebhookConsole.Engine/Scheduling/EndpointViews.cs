using Microsoft.Extensions.DependencyInjection;

namespace WebhookConsole.Engine.Scheduling;

/// <summary>The read side of per-endpoint scheduling that the console and the API show: circuits, backlogs, why a delivery waits.</summary>
public static class EndpointViews
{
    public static void Register(IServiceCollection services) => services
        .AddSingleton<CircuitReader>()
        .AddSingleton<EndpointBacklog>()
        .AddSingleton<DeliveryWaitReason>();
}
