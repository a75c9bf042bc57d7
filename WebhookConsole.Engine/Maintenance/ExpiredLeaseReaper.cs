using WebhookConsole.Engine.Notifications;
using WebhookConsole.Engine.Scheduling;

namespace WebhookConsole.Engine.Maintenance;

/// <summary>
/// Returns in-flight deliveries whose lease ran out (the dispatcher that claimed them died or hung) to the queue, as
/// every claim does at most once a second (<see cref="EndpointClaims.ReturnExpiredAsync(CancellationToken)"/>): the
/// job makes the log say what is true even while no claim runs, and wakes the dispatchers.
/// </summary>
public sealed class ExpiredLeaseReaper(EndpointClaims claims, DispatchSignal signal) : IMaintenanceTask
{
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var returned = await ReapAsync(cancellationToken);
        return $"returned {returned} deliveries with expired leases to the queue";
    }

    /// <summary>Releases every expired lease and returns how many deliveries went back to the queue.</summary>
    public async Task<int> ReapAsync(CancellationToken cancellationToken)
    {
        var returned = await claims.ReturnExpiredAsync(cancellationToken);
        if (returned > 0)
        {
            signal.Notify();
        }

        return returned;
    }
}
