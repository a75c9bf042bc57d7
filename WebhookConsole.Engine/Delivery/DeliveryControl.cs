using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Audit;
using WebhookConsole.Engine.Diagnostics;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Engine.Scheduling;
using WebhookConsole.Engine.Webhooks;

namespace WebhookConsole.Engine.Delivery;

/// <summary>
/// An operator's hands on the queue: redeliver one delivery now, recover a webhook's failed deliveries since a
/// time (as Svix's "recover"), and cancel what has not been sent. Ids never change, so a receiver that already
/// saw a delivery can recognise it.
/// </summary>
public sealed class DeliveryControl(
    IDbContextFactory<WebhookDbContext> dbs, DispatchSignal signal, EngineNotifier notifier, DeliveryMetrics metrics, AuditLog audit, TimeProvider time)
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

        if (WhyNotRedeliver(delivery) is { } refusal)
        {
            return refusal.Status == CommandStatus.Invalid
                ? CommandResult<Domain.Delivery>.Invalid([refusal.Error])
                : CommandResult<Domain.Delivery>.Conflict(refusal.Error.Field, refusal.Error.Message);
        }

        Requeue(delivery, time.GetUtcNow());
        audit.Record(db, organizationId, AuditAction.DeliveryRedelivered, TargetOf(delivery),
            new { delivery.WebhookId, WebhookName = delivery.Webhook!.Name, delivery.EventId });
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

        audit.Record(db, organizationId, AuditAction.DeliveriesRecovered, AuditTarget.Of(AuditTargetType.Webhook, webhook.Id, webhook.Name),
            new { Since = since, Requeued = failed.Count });
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
        var delivery = await db.Deliveries.Include(d => d.Event).SingleOrDefaultAsync(d => d.Id == deliveryId && d.OrganizationId == organizationId, cancellationToken);
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
        audit.Record(db, organizationId, AuditAction.DeliveryCancelled, TargetOf(delivery), new { delivery.WebhookId, delivery.EventId });
        await db.SaveChangesAsync(cancellationToken);
        metrics.RecordCancelled();
        notifier.Publish(new EngineChange(EngineChangeKind.DeliveryRecorded, organizationId, delivery.WebhookId, delivery.Id));
        return CommandResult<Domain.Delivery>.Ok(delivery);
    }

    /// <summary>Cancels every pending or retrying delivery of a webhook. Returns how many.</summary>
    public async Task<CommandResult<int>> CancelPendingAsync(Guid organizationId, Guid webhookId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var webhook = await db.Webhooks.AsNoTracking().SingleOrDefaultAsync(w => w.Id == webhookId && w.OrganizationId == organizationId, cancellationToken);
        if (webhook is null)
        {
            return CommandResult<int>.NotFound("No webhook with this id exists in this organization.");
        }

        var now = time.GetUtcNow();
        var cancelled = 0;
        foreach (var status in OpenDeliveries.Queued)
        {
            cancelled += await db.Deliveries.WhereStatusIs(status)
                .Where(d => d.WebhookId == webhookId)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(d => d.Status, DeliveryStatus.Cancelled)
                    .SetProperty(d => d.CompletedAt, now)
                    .SetProperty(d => d.LastError, "Cancelled by an operator."), cancellationToken);
        }

        audit.Record(db, organizationId, AuditAction.DeliveriesCancelled, AuditTarget.Of(AuditTargetType.Webhook, webhook.Id, webhook.Name), new { Cancelled = cancelled });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        metrics.RecordCancelled(cancelled);
        notifier.Publish(new EngineChange(EngineChangeKind.DeliveryRecorded, organizationId, webhookId));
        return CommandResult<int>.Ok(cancelled);
    }

    /// <summary>
    /// Requeues each of the given deliveries that can be redelivered (as <see cref="RedeliverAsync"/>), skipping the
    /// others (in flight, a sync hook call, an inactive webhook, or not of this organization). Returns how many were requeued.
    /// </summary>
    public async Task<int> RequeueManyAsync(Guid organizationId, IReadOnlyCollection<Guid> deliveryIds, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var deliveries = await db.Deliveries.Include(d => d.Webhook).Include(d => d.Event)
            .Where(d => d.OrganizationId == organizationId && deliveryIds.Contains(d.Id)).ToListAsync(cancellationToken);
        var requeued = deliveries.Where(d => WhyNotRedeliver(d) is null).ToList();
        var now = time.GetUtcNow();
        requeued.ForEach(d => Requeue(d, now));
        RecordMany(db, organizationId, AuditAction.DeliveriesRequeued, requeued.Select(d => d.Id).ToList());
        await db.SaveChangesAsync(cancellationToken);
        AnnounceMany(organizationId, requeued);
        return requeued.Count;
    }

    /// <summary>
    /// Makes the given pending or retrying deliveries due now, keeping their retry window (Hangfire's "enqueue now"
    /// for a scheduled job); other states are skipped. Returns how many were moved.
    /// </summary>
    public async Task<int> DeliverNowAsync(Guid organizationId, IReadOnlyCollection<Guid> deliveryIds, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var waiting = await db.Deliveries
            .Where(d => d.OrganizationId == organizationId && deliveryIds.Contains(d.Id)
                && (d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.Retrying))
            .ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        waiting.ForEach(d => d.NextAttemptAt = now);
        RecordMany(db, organizationId, AuditAction.DeliveriesDueNow, waiting.Select(d => d.Id).ToList());
        await db.SaveChangesAsync(cancellationToken);
        AnnounceMany(organizationId, waiting);
        return waiting.Count;
    }

    /// <summary>Cancels each of the given deliveries that is pending or retrying; other states are skipped. Returns how many.</summary>
    public async Task<int> CancelManyAsync(Guid organizationId, IReadOnlyCollection<Guid> deliveryIds, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();
        var waiting = db.Deliveries.Where(d => d.OrganizationId == organizationId && deliveryIds.Contains(d.Id)
            && (d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.Retrying));
        var ids = await waiting.Select(d => d.Id).ToListAsync(cancellationToken);
        var cancelled = await waiting
            .ExecuteUpdateAsync(u => u
                .SetProperty(d => d.Status, DeliveryStatus.Cancelled)
                .SetProperty(d => d.CompletedAt, now)
                .SetProperty(d => d.LastError, "Cancelled by an operator."), cancellationToken);
        RecordMany(db, organizationId, AuditAction.DeliveriesCancelled, ids);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (cancelled > 0)
        {
            metrics.RecordCancelled(cancelled);
            notifier.Publish(new EngineChange(EngineChangeKind.DeliveryRecorded, organizationId, Guid.Empty));
        }

        return cancelled;
    }

    private static (CommandStatus Status, FieldError Error)? WhyNotRedeliver(Domain.Delivery delivery)
    {
        if (delivery.Event!.TriggerType != Catalog.TriggerType.Event)
        {
            return (CommandStatus.Invalid, new FieldError("delivery_id", "A sync hook call is answered while its caller waits; it cannot be redelivered."));
        }

        if (delivery.ErasedAt is not null)
        {
            return (CommandStatus.Conflict, new FieldError("status", "The delivery's event was erased; there is nothing left to send."));
        }

        if (delivery.Status == DeliveryStatus.InFlight)
        {
            return (CommandStatus.Conflict, new FieldError("status", "The delivery is being sent right now; wait for the attempt to finish."));
        }

        return delivery.Webhook!.Status != WebhookStatus.Active
            ? (CommandStatus.Conflict, new FieldError("status", $"The webhook is {delivery.Webhook.Status.ToWord()}; switch it on before redelivering."))
            : null;
    }

    private static AuditTarget TargetOf(Domain.Delivery delivery) =>
        AuditTarget.Of(AuditTargetType.Delivery, delivery.Id, delivery.Event?.Name);

    // One entry for a selection (the Jobs page's bulk actions), naming every delivery it changed; none when it changed none.
    private void RecordMany(WebhookDbContext db, Guid organizationId, string action, IReadOnlyList<Guid> deliveryIds)
    {
        if (deliveryIds.Count > 0)
        {
            audit.Record(db, organizationId, action, new AuditTarget(AuditTargetType.Delivery, deliveryIds.Count == 1 ? deliveryIds[0].ToString() : null,
                $"{deliveryIds.Count} deliveries"), new { Count = deliveryIds.Count, DeliveryIds = deliveryIds });
        }
    }

    private void AnnounceMany(Guid organizationId, IReadOnlyCollection<Domain.Delivery> deliveries)
    {
        if (deliveries.Count == 0)
        {
            return;
        }

        signal.Notify();
        notifier.Publish(new EngineChange(EngineChangeKind.DeliveryCreated, organizationId, deliveries.Count == 1 ? deliveries.First().WebhookId : Guid.Empty,
            deliveries.Count == 1 ? deliveries.First().Id : null));
    }

    private static void Requeue(Domain.Delivery delivery, DateTimeOffset now)
    {
        // A delivery waiting for its retry stays retrying (due now); any other starts over, waiting for a new attempt:
        // pending. Redelivering a succeeded delivery is not a retry of a failure.
        delivery.Status = delivery.Status == DeliveryStatus.Retrying ? DeliveryStatus.Retrying : DeliveryStatus.Pending;
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
