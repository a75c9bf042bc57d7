using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using WebhookConsole.Engine.Diagnostics;

namespace WebhookConsole.Hosting;

/// <summary>
/// <c>/healthz</c> (liveness: the process serves requests; runs no check) and <c>/readyz</c> (readiness: the database
/// answers and the delivery dispatcher and verification worker loops are alive). Both anonymous; 200 or 503.
/// </summary>
public static class HealthEndpoints
{
    public const string LivenessPath = "/healthz";
    public const string ReadinessPath = "/readyz";
    private const string ReadyTag = "ready";

    public static IServiceCollection AddConsoleHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", HealthStatus.Unhealthy, [ReadyTag], TimeSpan.FromSeconds(5))
            .AddTypeActivatedCheck<WorkerHealthCheck>("delivery-dispatcher", HealthStatus.Unhealthy, [ReadyTag], WorkerHeartbeat.DeliveryDispatcher)
            .AddTypeActivatedCheck<WorkerHealthCheck>("verification-worker", HealthStatus.Unhealthy, [ReadyTag], WorkerHeartbeat.VerificationWorker);
        return services;
    }

    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(LivenessPath, new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks(ReadinessPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = WriteJsonAsync })
            .AllowAnonymous();
        return app;
    }

    // {"status":"Unhealthy","checks":{"database":{"status":"Healthy","description":"…","durationMs":1.2},…}}
    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
