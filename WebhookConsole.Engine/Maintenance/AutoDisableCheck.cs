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
/// Disables active webhooks whose every attempt has failed for <c>Delivery:DisableAfter</c> (Svix: 5 days), with a
/// reason the console shows. <see cref="Webhook.FailingSince"/> is cleared at the same time, so switching the webhook
/// back on gives it a fresh period; the dispatcher sets it again on the next failure.
/// </summary>
public sealed partial class AutoDisableCheck(
    IDbContextFactory<WebhookDbContext> dbs,
    EngineNotifier notifier,
    OperationalEvents operationalEvents,
    IOptionsMonitor<DeliveryOptions> options,
    TimeProvider time,
    ILogger<AutoDisableCheck> logger) : IMaintenanceTask
{
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var disabled = await DisableFailingAsync(cancellationToken);
        return $"disabled {disabled} webhooks that failed every delivery for {DurationText.Describe(options.CurrentValue.DisableAfter)}";
    }

    /// <summary>Disables every webhook that has been failing for too long and returns how many.</summary>
    public async Task<int> DisableFailingAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var disableAfter = options.CurrentValue.DisableAfter;
        var limit = now - disableAfter;
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var failing = await db.Webhooks.AsNoTracking()
            .Where(w => w.Status == WebhookStatus.Active && w.FailingSince != null && w.FailingSince <= limit)
            .Select(w => new { w.Id, w.OrganizationId, w.Name, FailingSince = w.FailingSince!.Value })
            .ToListAsync(cancellationToken);
        var disabled = 0;
        foreach (var webhook in failing)
        {
            var reason = $"Every delivery failed for {DurationText.Describe(disableAfter)} since {webhook.FailingSince.UtcDateTime:yyyy-MM-dd HH:mm} UTC, "
                + "so WebhookConsole stopped sending to it. Fix the endpoint, then switch the webhook on again.";
            // Conditional on what was read: a success the dispatcher records meanwhile clears FailingSince and wins.
            var changed = await db.Webhooks
                .Where(w => w.Id == webhook.Id && w.Status == WebhookStatus.Active && w.FailingSince == webhook.FailingSince)
                .ExecuteUpdateAsync(setters => setters
                    .SetProperty(w => w.Status, WebhookStatus.Disabled)
                    .SetProperty(w => w.DisabledReason, reason)
                    .SetProperty(w => w.FailingSince, (DateTimeOffset?)null)
                    .SetProperty(w => w.UpdatedAt, now), cancellationToken);
            if (changed == 1)
            {
                disabled++;
                Log.Disabled(logger, webhook.Id, webhook.FailingSince);
                notifier.Publish(new EngineChange(EngineChangeKind.WebhookChanged, webhook.OrganizationId, webhook.Id));
                operationalEvents.Raise(new OperationalEvent(OperationalEventKind.WebhookDisabled, webhook.OrganizationId, webhook.Id, webhook.Name, reason, now));
            }
        }

        return disabled;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Webhook {WebhookId} failed every delivery since {FailingSince} and was disabled.")]
        public static partial void Disabled(ILogger logger, Guid webhookId, DateTimeOffset failingSince);
    }
}
