using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Diagnostics;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Engine.Webhooks;

namespace WebhookConsole.Engine.Delivery;

/// <summary>
/// An operator's hands on the queue: redeliver one delivery now, recover a webhook's failed deliveries since a
/// time (as Svix's "recover"), and cancel what has not been sent. Ids never change, so a receiver that already
/// saw a delivery can recognise it.
/// </summary>
public sealed class DeliveryControl(IDbContextFactory<WebhookDbContext> dbs, DispatchSignal signal, EngineNotifier notifier, DeliveryMetrics metrics, TimeProvider time)
{
    private const string NoSuchDelivery = "No delivery with this id exists in this organization.";

    /// <summary>Queues a new attempt of one delivery now, with a fresh retry window; the delivery keeps its ids.</summary>
    public async Task<CommandResult<Domain.Delivery>> RedeliverAsync(Guid organizationId, Guid deliveryId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var delivery = await db.Deliveries.Include(d => d.Webhook).Include(d => d.Event)
            .SingleOrDefaultAsync(d => d.Id == deliveryId && d.OrganizationId == organizationId, cancellationToken);
        if (delivery is null)
        {
            return new(CommandStatus.NotFound, null, [new FieldError("delivery_id", NoSuchDelivery)]);
        }

        if (delivery.Event!.TriggerType != Catalog.TriggerType.Event)
        {
            return CommandResult<Domain.Delivery>.Invalid("delivery_id", "A sync hook call is answered while its caller waits; it cannot be redelivered.");
        }

        if (delivery.Status == DeliveryStatus.InFlight)
        {
            return CommandResult<Domain.Delivery>.Conflict("status", "The delivery is being sent right now; wait for the attempt to finish.");
        }

        if (delivery.Webhook!.Status != WebhookStatus.Active)
        {
            return CommandResult<Domain.Delivery>.Conflict("status", $"The webhook is {delivery.Webhook.Status.ToWord()}; switch it on before redelivering.");
        }

        Requeue(delivery, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        Announce(delivery);
        return CommandResult<Domain.Delivery>.Ok(delivery);
    }

    /// <summary>Requeues every failed delivery of a webhook created at or after <paramref name="since"/>. Returns how many.</summary>
    public async Task<CommandResult<int>> RecoverAsync(Guid organizationId, Guid webhookId, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var webhook = await db.Webhooks.SingleOrDefaultAsync(w => w.Id == webhookId && w.OrganizationId == organizationId, cancellationToken);
        if (webhook is null)
        {
            return CommandResult<int>.NotFound("No webhook with this id exists in this organization.");
        }

        if (webhook.Status != WebhookStatus.Active)
        {
            return CommandResult<int>.Conflict("status", $"The webhook is {webhook.Status.ToWord()}; switch it on before recovering its deliveries.");
        }

        var now = time.GetUtcNow();
        if (since > now)
        {
            return CommandResult<int>.Invalid("since", "The since time must not be in the future.");
        }

        var failed = await db.Deliveries.Where(d => d.WebhookId == webhookId && d.Status == DeliveryStatus.Failed && d.CreatedAt >= since)
            .ToListAsync(cancellationToken);
        foreach (var delivery in failed)
        {
            Requeue(delivery, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        if (failed.Count > 0)
        {
            signal.Notify();
            notifier.Publish(new EngineChange(EngineChangeKind.DeliveryCreated, organizationId, webhookId));
        }

        return CommandResult<int>.Ok(failed.Count);
    }

    /// <summary>Cancels one delivery that has not been sent yet (pending or waiting for a retry).</summary>
    public async Task<CommandResult<Domain.Delivery>> CancelAsync(Guid organizationId, Guid deliveryId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var delivery = await db.Deliveries.SingleOrDefaultAsync(d => d.Id == deliveryId && d.OrganizationId == organizationId, cancellationToken);
        if (delivery is null)
        {
            return new(CommandStatus.NotFound, null, [new FieldError("delivery_id", NoSuchDelivery)]);
        }

        if (delivery.Status is not (DeliveryStatus.Pending or DeliveryStatus.Retrying))
        {
            return CommandResult<Domain.Delivery>.Conflict("status", $"Only pending or retrying deliveries can be cancelled; this one is {delivery.Status.ToWord()}.");
        }

        delivery.Status = DeliveryStatus.Cancelled;
        delivery.CompletedAt = time.GetUtcNow();
        delivery.LastError = "Cancelled by an operator.";
        await db.SaveChangesAsync(cancellationToken);
        metrics.RecordCancelled();
        notifier.Publish(new EngineChange(EngineChangeKind.DeliveryRecorded, organizationId, delivery.WebhookId, delivery.Id));
        return CommandResult<Domain.Delivery>.Ok(delivery);
    }

    /// <summary>Cancels every pending or retrying delivery of a webhook. Returns how many.</summary>
    public async Task<CommandResult<int>> CancelPendingAsync(Guid organizationId, Guid webhookId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        if (!await db.Webhooks.AnyAsync(w => w.Id == webhookId && w.OrganizationId == organizationId, cancellationToken))
        {
            return CommandResult<int>.NotFound("No webhook with this id exists in this organization.");
        }

        var now = time.GetUtcNow();
        var cancelled = await db.Deliveries
            .Where(d => d.WebhookId == webhookId && (d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.Retrying))
            .ExecuteUpdateAsync(u => u
                .SetProperty(d => d.Status, DeliveryStatus.Cancelled)
                .SetProperty(d => d.CompletedAt, now)
                .SetProperty(d => d.LastError, "Cancelled by an operator."), cancellationToken);
        metrics.RecordCancelled(cancelled);
        notifier.Publish(new EngineChange(EngineChangeKind.DeliveryRecorded, organizationId, webhookId));
        return CommandResult<int>.Ok(cancelled);
    }

    private static void Requeue(Domain.Delivery delivery, DateTimeOffset now)
    {
        delivery.Status = delivery.AttemptCount == 0 ? DeliveryStatus.Pending : DeliveryStatus.Retrying;
        delivery.NextAttemptAt = now;
        // A manual redelivery opens a new retry window: the give-up time counts from its first attempt.
        delivery.FirstAttemptAt = null;
        delivery.CompletedAt = null;
        delivery.LeaseOwner = null;
        delivery.LeaseExpiresAt = null;
    }

    private void Announce(Domain.Delivery delivery)
    {
        signal.Notify();
        notifier.Publish(new EngineChange(EngineChangeKind.DeliveryCreated, delivery.OrganizationId, delivery.WebhookId, delivery.Id));
    }
}
