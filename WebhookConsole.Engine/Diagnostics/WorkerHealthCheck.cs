using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using WebhookConsole.Engine.Configuration;

namespace WebhookConsole.Engine.Diagnostics;

/// <summary>
/// Readiness of one background loop: healthy when it beat within its allowed silence, or when it has not beaten
/// yet but the process started less than that long ago (still starting).
/// </summary>
public sealed class WorkerHealthCheck(
    string worker,
    WorkerHeartbeat heartbeat,
    IOptionsMonitor<DeliveryOptions> deliveryOptions,
    IOptionsMonitor<WebSubOptions> webSubOptions,
    TimeProvider time) : IHealthCheck
{
    // The longest request a dispatcher may wait on (the largest webhook timeout).
    private static readonly TimeSpan LongestDelivery = TimeSpan.FromSeconds(20);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var allowed = AllowedSilence(worker, deliveryOptions.CurrentValue, webSubOptions.CurrentValue);
        var now = time.GetUtcNow();
        var data = new Dictionary<string, object> { ["allowedSilenceSeconds"] = allowed.TotalSeconds };
        var result = heartbeat.LastBeat(worker) switch
        {
            { } last when now - last <= allowed => HealthCheckResult.Healthy($"Last beat {(now - last).TotalSeconds:0.#} s ago.", data),
            { } last => HealthCheckResult.Unhealthy($"Silent for {(now - last).TotalSeconds:0} s (allowed {allowed.TotalSeconds:0} s): the loop is stuck or stopped.", data: data),
            null when now - heartbeat.StartedAt <= allowed => HealthCheckResult.Healthy("Starting: no beat yet.", data),
            null => HealthCheckResult.Unhealthy($"Has not beaten in the {(now - heartbeat.StartedAt).TotalSeconds:0} s since start: the loop never started.", data: data),
        };
        return Task.FromResult(result);
    }

    /// <summary>
    /// Three of the loop's idle waits plus the longest single request it may be waiting on: the dispatcher polls every
    /// <c>Delivery:PollInterval</c> and beats after each attempt (at most 20 s); the verification worker waits five
    /// poll intervals and beats after each request (at most <c>WebSub:VerificationTimeout</c>).
    /// </summary>
    public static TimeSpan AllowedSilence(string worker, DeliveryOptions delivery, WebSubOptions webSub) => worker switch
    {
        WorkerHeartbeat.DeliveryDispatcher => 3 * delivery.PollInterval + LongestDelivery,
        WorkerHeartbeat.VerificationWorker => 3 * 5 * delivery.PollInterval + webSub.VerificationTimeout,
        _ => throw new ArgumentOutOfRangeException(nameof(worker), worker, "Not a known background worker."),
    };
}
