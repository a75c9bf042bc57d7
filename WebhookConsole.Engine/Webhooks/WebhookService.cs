using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Configuration;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Engine.Security;

namespace WebhookConsole.Engine.Webhooks;

/// <summary>The commands and queries on webhooks that the console and the API share.</summary>
public sealed class WebhookService(
    IDbContextFactory<WebhookDbContext> dbs,
    SecretProtector protector,
    IEventPublisher publisher,
    VerificationSignal verificationSignal,
    EngineNotifier notifier,
    IOptionsMonitor<DeliveryOptions> options,
    TimeProvider time)
{
    public async Task<IReadOnlyList<Webhook>> ListAsync(Guid organizationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        return await db.Webhooks.AsNoTracking().Where(w => w.OrganizationId == organizationId)
            .OrderBy(w => w.Name).ThenBy(w => w.Id).ToListAsync(cancellationToken);
    }

    /// <summary>The webhook with its subscriptions and channel verifications, or null.</summary>
    public async Task<Webhook?> GetAsync(Guid organizationId, Guid webhookId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        return await db.Webhooks.AsNoTracking().AsSplitQuery()
            .Include(w => w.Subscriptions).Include(w => w.Verifications)
            .SingleOrDefaultAsync(w => w.Id == webhookId && w.OrganizationId == organizationId, cancellationToken);
    }

    /// <summary>Creates an inactive webhook. The result carries the secret in clear: the only time it is shown.</summary>
    public async Task<CommandResult<CreatedWebhook>> CreateAsync(Guid organizationId, WebhookInput input, CancellationToken cancellationToken = default)
    {
        var errors = WebhookValidator.Validate(input, options.CurrentValue.AllowInsecureTargets);
        if (errors.Count > 0)
        {
            return CommandResult<CreatedWebhook>.Invalid(errors);
        }

        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var targetUrl = input.TargetUrl!.Trim();
        if (await db.Webhooks.AnyAsync(w => w.OrganizationId == organizationId && w.TargetUrl == targetUrl, cancellationToken))
        {
            return CommandResult<CreatedWebhook>.Conflict(TargetUrl.Field, "The target URL is already used by another webhook of this organization.");
        }

        var now = time.GetUtcNow();
        var secret = string.IsNullOrEmpty(input.Secret) ? SecretGenerator.NewWebhookSecret() : input.Secret;
        var webhook = new Webhook
        {
            Id = Guid.CreateVersion7(now),
            OrganizationId = organizationId,
            Name = input.Name!.Trim(),
            Description = input.Description?.Trim() ?? "",
            TargetUrl = targetUrl,
            Format = input.Format,
            ProtectedSecret = protector.Protect(secret),
            SecretHint = SecretGenerator.Hint(secret),
            Status = WebhookStatus.Inactive,
            CreatedAt = now,
            UpdatedAt = now,
            Subscriptions = input.Channels.Distinct()
                .SelectMany(slug => EventCatalog.EventsOf(EventCatalog.FindChannel(slug)!))
                .Select(e => new Subscription { TriggerType = TriggerType.Event, TriggerName = e.Name })
                .ToList(),
        };
        db.Webhooks.Add(webhook);
        await db.SaveChangesAsync(cancellationToken);
        notifier.Publish(new EngineChange(EngineChangeKind.WebhookChanged, organizationId, webhook.Id));
        return CommandResult<CreatedWebhook>.Ok(new CreatedWebhook(webhook, secret));
    }

    /// <summary>
    /// Switches a webhook on or off. A websub webhook first verifies intent for each subscribed channel in
    /// the background (activating / deactivating); the other formats switch at once.
    /// </summary>
    public async Task<CommandResult<Webhook>> SetActiveAsync(Guid organizationId, Guid webhookId, bool active, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var webhook = await LoadAsync(db, organizationId, webhookId, cancellationToken);
        if (webhook is null)
        {
            return CommandResult<Webhook>.NotFound("No webhook with this id exists in this organization.");
        }

        if (active == webhook.Status.IsSwitchedOn())
        {
            return CommandResult<Webhook>.Ok(webhook);
        }

        if (webhook.Format != WebhookFormat.WebSub)
        {
            webhook.Status = active ? WebhookStatus.Active : WebhookStatus.Inactive;
        }
        else
        {
            webhook.Status = active ? WebhookStatus.Activating : WebhookStatus.Deactivating;
            var pending = active ? VerificationState.SubscriptionPending : VerificationState.UnsubscriptionPending;
            foreach (var channel in ChannelsOf(webhook))
            {
                var verification = webhook.Verifications.SingleOrDefault(v => v.Channel == channel.Slug);
                if (verification is null)
                {
                    webhook.Verifications.Add(verification = new ChannelVerification { Channel = channel.Slug });
                }

                verification.State = pending;
                verification.Error = null;
            }
        }

        webhook.DisabledReason = null;
        return await SaveAndSignalAsync(db, webhook, cancellationToken);
    }

    /// <summary>Sends the failed or pending verification requests of the webhook's current direction again.</summary>
    public async Task<CommandResult<Webhook>> ResendVerificationAsync(Guid organizationId, Guid webhookId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var webhook = await LoadAsync(db, organizationId, webhookId, cancellationToken);
        if (webhook is null)
        {
            return CommandResult<Webhook>.NotFound("No webhook with this id exists in this organization.");
        }

        if (webhook.Format != WebhookFormat.WebSub)
        {
            return CommandResult<Webhook>.Invalid("format", "Only websub webhooks verify intent; this webhook needs no verification.");
        }

        var subscribe = webhook.Verifications.Any(v => v.State is VerificationState.SubscriptionError or VerificationState.SubscriptionPending);
        var unsubscribe = webhook.Verifications.Any(v => v.State is VerificationState.UnsubscriptionError or VerificationState.UnsubscriptionPending);
        if (!subscribe && !unsubscribe)
        {
            return CommandResult<Webhook>.Invalid("status", "Every channel's verification was accepted; there is nothing to resend.");
        }

        foreach (var verification in webhook.Verifications)
        {
            verification.State = verification.State switch
            {
                VerificationState.SubscriptionError => VerificationState.SubscriptionPending,
                VerificationState.UnsubscriptionError => VerificationState.UnsubscriptionPending,
                var unchanged => unchanged,
            };
            verification.Error = verification.State.IsPending() ? null : verification.Error;
        }

        webhook.Status = subscribe ? WebhookStatus.Activating : WebhookStatus.Deactivating;
        return await SaveAndSignalAsync(db, webhook, cancellationToken);
    }

    /// <summary>Deletes an inactive webhook (seed 003: only when inactive) with its deliveries.</summary>
    public async Task<CommandResult<Guid>> DeleteAsync(Guid organizationId, Guid webhookId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var webhook = await db.Webhooks.SingleOrDefaultAsync(w => w.Id == webhookId && w.OrganizationId == organizationId, cancellationToken);
        if (webhook is null)
        {
            return CommandResult<Guid>.NotFound("No webhook with this id exists in this organization.");
        }

        if (webhook.Status is not (WebhookStatus.Inactive or WebhookStatus.Disabled))
        {
            return CommandResult<Guid>.Conflict("status", "Switch the webhook off before deleting it.");
        }

        db.Webhooks.Remove(webhook);
        await db.SaveChangesAsync(cancellationToken);
        notifier.Publish(new EngineChange(EngineChangeKind.WebhookChanged, organizationId, webhookId));
        return CommandResult<Guid>.Ok(webhookId);
    }

    /// <summary>Sends a random test event of the webhook's first subscribed event type to this webhook alone.</summary>
    public async Task<CommandResult<Guid>> SendTestEventAsync(Guid organizationId, Guid webhookId, string? eventName = null, CancellationToken cancellationToken = default)
    {
        var webhook = await GetAsync(organizationId, webhookId, cancellationToken);
        if (webhook is null)
        {
            return CommandResult<Guid>.NotFound("No webhook with this id exists in this organization.");
        }

        if (webhook.Status != WebhookStatus.Active)
        {
            return CommandResult<Guid>.Invalid("status", "Switch the webhook on, and wait until it is active, before sending a test event.");
        }

        eventName ??= EventCatalog.EventTypes
            .FirstOrDefault(e => webhook.Subscriptions.Any(s => s.TriggerType == TriggerType.Event && s.TriggerName == e.Name))?.Name;
        if (eventName is null)
        {
            return CommandResult<Guid>.Invalid("triggers", "The webhook is not subscribed to any event.");
        }

        var eventId = Guid.CreateVersion7(time.GetUtcNow());
        var payload = TestEventFactory.Create(eventName, eventId, organizationId, time.GetUtcNow());
        var result = await publisher.PublishAsync(new EventToPublish(organizationId, eventName, payload, IsTestEvent: true, eventId, webhookId), cancellationToken);
        return result.Accepted ? CommandResult<Guid>.Ok(result.EventId) : CommandResult<Guid>.Invalid(result.Errors);
    }

    /// <summary>The channels a webhook is subscribed to, in catalog order.</summary>
    public static IReadOnlyList<EventChannel> ChannelsOf(Webhook webhook) =>
        EventCatalog.Channels.Where(c => webhook.Subscriptions.Any(s =>
            s.TriggerType == TriggerType.Event && EventCatalog.FindEvent(s.TriggerName)?.Channel == c)).ToList();

    private static Task<Webhook?> LoadAsync(WebhookDbContext db, Guid organizationId, Guid webhookId, CancellationToken cancellationToken) =>
        db.Webhooks.AsSplitQuery().Include(w => w.Subscriptions).Include(w => w.Verifications)
            .SingleOrDefaultAsync(w => w.Id == webhookId && w.OrganizationId == organizationId, cancellationToken);

    private async Task<CommandResult<Webhook>> SaveAndSignalAsync(WebhookDbContext db, Webhook webhook, CancellationToken cancellationToken)
    {
        webhook.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        if (webhook.Verifications.Any(v => v.State.IsPending()))
        {
            verificationSignal.Notify();
        }

        notifier.Publish(new EngineChange(EngineChangeKind.WebhookChanged, webhook.OrganizationId, webhook.Id));
        return CommandResult<Webhook>.Ok(webhook);
    }
}

/// <summary>A new webhook and its secret in clear, shown to the operator once.</summary>
public sealed record CreatedWebhook(Webhook Webhook, string Secret);
