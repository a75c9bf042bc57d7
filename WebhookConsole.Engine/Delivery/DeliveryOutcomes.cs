using Microsoft.Extensions.Logging;
using WebhookConsole.Engine.Diagnostics;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Operations;

namespace WebhookConsole.Engine.Delivery;

/// <summary>
/// What an attempt's result means for its delivery and its webhook: succeeded; retried on the schedule of SlashID's webhooks guide
/// (honouring <c>Retry-After</c>); given up; failed for good on <c>410 Gone</c>, which also disables the webhook;
/// cancelled when the webhook was switched off meanwhile; or handed back to the queue on shutdown.
/// </summary>
public sealed partial class DeliveryOutcomes(
    RetryPolicy retryPolicy, DeliveryMetrics metrics, OperationalEvents operationalEvents, TimeProvider time, ILogger<DeliveryOutcomes> logger)
{
    /// <summary>Applies the outcome to <paramref name="delivery"/> and its webhook (in memory).</summary>
    /// <param name="attempt">The try, or null when none was made.</param>
    /// <param name="released">No try because the process is stopping, the endpoint's circuit opened, or the row's lease could
    /// run out during its request: the row goes back to the queue.</param>
    /// <param name="unreadable">No try because the event's stored payload does not decrypt where it is (changed or moved
    /// in the database): the delivery fails with this reason, which names the row, never the value.</param>
    public void Apply(Domain.Delivery delivery, Attempt? attempt, TimeSpan? retryAfter, bool released, string? unreadable = null)
    {
        var now = time.GetUtcNow();
        delivery.LeaseOwner = null;
        delivery.LeaseExpiresAt = null;
        var webhook = delivery.Webhook!;
        if (attempt is null)
        {
            if (released)
            {
                delivery.Status = delivery.AttemptCount == 0 ? DeliveryStatus.Pending : DeliveryStatus.Retrying;
                return;
            }

            if (unreadable is not null)
            {
                // Retrying cannot help: the row stays as it is until someone restores it. It fails alone, said on its
                // page and raised to the operators, instead of stopping its batch at every lease; a requeue after the
                // restore sends it.
                delivery.Status = DeliveryStatus.Failed;
                delivery.LastError = $"Not sent: {unreadable}";
                delivery.CompletedAt = now;
                Log.PayloadUnreadable(logger, delivery.Id, delivery.EventId);
                operationalEvents.Raise(new OperationalEvent(OperationalEventKind.DeliveryGivenUp, webhook.OrganizationId, webhook.Id, webhook.Name,
                    $"Delivery {delivery.Id} was not sent: {unreadable}", now, delivery.Id));
                return;
            }

            // The webhook was switched off or disabled after the event was accepted: sending now would reach a
            // receiver that unsubscribed. The operator can redeliver.
            delivery.Status = DeliveryStatus.Cancelled;
            delivery.LastError = $"Not sent: the webhook is {webhook.Status.ToWord()}.";
            delivery.CompletedAt = now;
            metrics.RecordCancelled();
            return;
        }

        delivery.AttemptCount = attempt.Number;
        delivery.FirstAttemptAt ??= attempt.StartedAt;
        delivery.LastResponseStatus = attempt.ResponseStatus;
        delivery.LastError = attempt.ErrorMessage;
        if (attempt.Succeeded)
        {
            delivery.Status = DeliveryStatus.Succeeded;
            delivery.CompletedAt = now;
            webhook.FailingSince = null;
        }
        else
        {
            webhook.FailingSince ??= attempt.StartedAt;
            if (attempt.ResponseStatus == 410)
            {
                // Standard Webhooks: 410 Gone means the receiver wants no more; stop instead of retrying.
                delivery.Status = DeliveryStatus.Failed;
                delivery.CompletedAt = now;
                Disable(webhook, attempt.StartedAt, now);
            }
            else if (retryPolicy.NextAttemptAt(delivery.FirstAttemptAt.Value, delivery.AttemptCount, now, retryAfter) is { } next)
            {
                delivery.Status = DeliveryStatus.Retrying;
                delivery.NextAttemptAt = next;
            }
            else
            {
                delivery.Status = DeliveryStatus.Failed;
                delivery.CompletedAt = now;
                operationalEvents.Raise(new OperationalEvent(OperationalEventKind.DeliveryGivenUp, webhook.OrganizationId, webhook.Id, webhook.Name,
                    $"Delivery {delivery.Id} failed after {delivery.AttemptCount} attempts and will not be retried. Last error: {attempt.ErrorMessage ?? $"HTTP {attempt.ResponseStatus}"}", now, delivery.Id));
            }
        }

        metrics.RecordAttempt(attempt.Duration, delivery.Status);
    }

    private void Disable(Webhook webhook, DateTimeOffset answeredAt, DateTimeOffset now)
    {
        if (webhook.Status == WebhookStatus.Disabled)
        {
            return;
        }

        webhook.Status = WebhookStatus.Disabled;
        webhook.DisabledReason = $"The endpoint answered 410 Gone on {answeredAt:yyyy-MM-dd HH:mm} UTC, so WebhookConsole stopped sending to it.";
        webhook.UpdatedAt = now;
        Log.Disabled(logger, webhook.Id);
        operationalEvents.Raise(new OperationalEvent(OperationalEventKind.WebhookDisabled, webhook.OrganizationId, webhook.Id, webhook.Name, webhook.DisabledReason, now));
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Webhook {WebhookId} answered 410 Gone and was disabled.")]
        public static partial void Disabled(ILogger logger, Guid webhookId);

        [LoggerMessage(2, LogLevel.Error, "Delivery {DeliveryId} failed unsent: the stored payload of event {EventId} does not decrypt where it is (changed or moved in the database, or written under another master key).")]
        public static partial void PayloadUnreadable(ILogger logger, Guid deliveryId, Guid eventId);
    }
}
