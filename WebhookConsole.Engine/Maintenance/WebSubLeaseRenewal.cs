using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WebhookConsole.Engine.Configuration;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Engine.Operations;
using WebhookConsole.Engine.Persistence;

namespace WebhookConsole.Engine.Maintenance;

/// <summary>
/// Keeps the WebSub subscriptions of active webhooks alive (W3C WebSub 5.3: a subscription lasts
/// <c>hub.lease_seconds</c>). Semantics, also in docs/operations.md:
/// <list type="number">
/// <item>A channel whose lease runs out within the renewal window (1 day, or 10% of <c>WebSub:LeaseSeconds</c> if
/// smaller) goes back to <c>subscription_pending</c> and the verification worker sends a new subscribe request. The
/// webhook stays active and keeps receiving meanwhile: the old lease is still valid.</item>
/// <item>A failed renewal leaves the channel in <c>subscription_error</c> with the reason, and keeps the old lease's
/// expiry (see <c>VerificationWorker</c>). The webhook stays active; every later run retries while the lease lasts.</item>
/// <item>When the lease of a channel in <c>subscription_error</c> has run out, the subscriber never confirmed it any
/// longer, so the webhook is disabled with a reason naming the channel and the last error. Switching it on again
/// verifies every channel afresh.</item>
/// </list>
/// </summary>
public sealed partial class WebSubLeaseRenewal(
    IDbContextFactory<WebhookDbContext> dbs,
    VerificationSignal signal,
    EngineNotifier notifier,
    OperationalEvents operationalEvents,
    IOptionsMonitor<WebSubOptions> options,
    TimeProvider time,
    ILogger<WebSubLeaseRenewal> logger) : IMaintenanceTask
{
    private static readonly TimeSpan MaxRenewalWindow = TimeSpan.FromDays(1);

    /// <summary>How long before expiry a lease is renewed: 1 day, or 10% of the lease if that is shorter.</summary>
    public static TimeSpan RenewalWindow(int leaseSeconds)
    {
        var tenth = TimeSpan.FromSeconds(leaseSeconds / 10.0);
        return tenth < MaxRenewalWindow ? tenth : MaxRenewalWindow;
    }

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var result = await RenewAsync(cancellationToken);
        return $"sent {result.Renewing} channels for lease renewal; disabled {result.Disabled} webhooks whose lease ran out unrenewed";
    }

    /// <summary>Disables webhooks with a lease that ran out unrenewed, then queues the renewals that are due.</summary>
    public async Task<LeaseRenewalResult> RenewAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var disabled = await DisableExpiredAsync(now, cancellationToken);
        var renewing = await QueueRenewalsAsync(now, cancellationToken);
        if (renewing > 0)
        {
            signal.Notify();
        }

        return new LeaseRenewalResult(renewing, disabled);
    }

    private async Task<int> QueueRenewalsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var renewBy = now + RenewalWindow(options.CurrentValue.LeaseSeconds);
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var active = db.Webhooks.Where(w => w.Status == WebhookStatus.Active).Select(w => w.Id);
        // Accepted leases close to expiry (or past it, after downtime), and failed renewals while their lease lasts.
        return await db.ChannelVerifications
            .Where(v => active.Contains(v.WebhookId) && v.LeaseExpiresAt != null && v.LeaseExpiresAt <= renewBy
                && (v.State == VerificationState.SubscriptionAccepted || (v.State == VerificationState.SubscriptionError && v.LeaseExpiresAt > now)))
            .ExecuteUpdateAsync(setters => setters.SetProperty(v => v.State, VerificationState.SubscriptionPending), cancellationToken);
    }

    private async Task<int> DisableExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var expired = await (
                from v in db.ChannelVerifications
                where v.State == VerificationState.SubscriptionError && v.LeaseExpiresAt != null && v.LeaseExpiresAt <= now
                join w in db.Webhooks on v.WebhookId equals w.Id
                where w.Status == WebhookStatus.Active
                select new { WebhookId = w.Id, w.OrganizationId, w.Name, v.Channel, LeaseExpiresAt = v.LeaseExpiresAt!.Value, v.Error })
            .ToListAsync(cancellationToken);
        var disabled = 0;
        foreach (var webhook in expired.GroupBy(e => (e.WebhookId, e.OrganizationId, e.Name)))
        {
            var first = webhook.MinBy(e => e.LeaseExpiresAt)!;
            var reason = $"The WebSub lease of channel '{first.Channel}' ran out on {first.LeaseExpiresAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC "
                + $"and could not be renewed: {first.Error} Switch the webhook on again to verify it afresh.";
            var changed = await db.Webhooks
                .Where(w => w.Id == webhook.Key.WebhookId && w.Status == WebhookStatus.Active)
                .ExecuteUpdateAsync(setters => setters
                    .SetProperty(w => w.Status, WebhookStatus.Disabled)
                    .SetProperty(w => w.DisabledReason, reason)
                    .SetProperty(w => w.UpdatedAt, now), cancellationToken);
            if (changed == 1)
            {
                disabled++;
                Log.LeaseExpired(logger, webhook.Key.WebhookId, first.Channel);
                notifier.Publish(new EngineChange(EngineChangeKind.WebhookChanged, webhook.Key.OrganizationId, webhook.Key.WebhookId));
                operationalEvents.Raise(new OperationalEvent(
                    OperationalEventKind.WebhookDisabled, webhook.Key.OrganizationId, webhook.Key.WebhookId, webhook.Key.Name, reason, now));
            }
        }

        return disabled;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "The WebSub lease of webhook {WebhookId}, channel {Channel}, ran out unrenewed; the webhook was disabled.")]
        public static partial void LeaseExpired(ILogger logger, Guid webhookId, string channel);
    }
}

/// <summary>What one lease renewal run did.</summary>
public sealed record LeaseRenewalResult(int Renewing, int Disabled);
