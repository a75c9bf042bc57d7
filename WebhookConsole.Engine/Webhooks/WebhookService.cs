using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WebhookConsole.Engine.Audit;
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
    TargetAddressCheck addressCheck,
    AuditLog audit,
    TimeProvider time)
{
    public const string NoSuchWebhook = "No webhook with this id exists in this organization.";
    private const string DuplicateTargetUrl = "The target URL is already used by another webhook of this organization.";

    public async Task<IReadOnlyList<Webhook>> ListAsync(Guid organizationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        return await db.Webhooks.AsNoTracking().Where(w => w.OrganizationId == organizationId)
            .OrderBy(w => w.Name).ThenBy(w => w.Id).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// One page of the organization's webhooks, oldest first (the API's <c>limit</c>/<c>offset</c> paging), with
    /// their subscriptions and channel verifications, and how many webhooks there are in all.
    /// </summary>
    public async Task<WebhookPage> ListPageAsync(Guid organizationId, int limit, int offset, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var all = db.Webhooks.AsNoTracking().Where(w => w.OrganizationId == organizationId);
        var total = await all.CountAsync(cancellationToken);
        var items = await all.AsSplitQuery().Include(w => w.Subscriptions).Include(w => w.Verifications)
            .OrderBy(w => w.CreatedAt).ThenBy(w => w.Id).Skip(offset).Take(limit).ToListAsync(cancellationToken);
        return new WebhookPage(items, total);
    }

    /// <summary>The webhook with its subscriptions and channel verifications, or null.</summary>
    public async Task<Webhook?> GetAsync(Guid organizationId, Guid webhookId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        return await db.Webhooks.AsNoTracking().AsSplitQuery()
            .Include(w => w.Subscriptions).Include(w => w.Verifications)
            .SingleOrDefaultAsync(w => w.Id == webhookId && w.OrganizationId == organizationId, cancellationToken);
    }

    /// <summary>
    /// Creates a webhook. A <c>websub</c> webhook starts inactive and needs verification of intent (Asgardeo's WebSub guide);
    /// <c>jwt</c> and <c>standard</c> webhooks are active at once (SlashID's webhook API). The result carries the secret in
    /// clear: the only time it is shown.
    /// </summary>
    public async Task<CommandResult<CreatedWebhook>> CreateAsync(Guid organizationId, WebhookInput input, CancellationToken cancellationToken = default)
    {
        var allowInsecure = options.CurrentValue.AllowInsecureTargets;
        var errors = WebhookValidator.Validate(input, allowInsecure);
        if (errors.Count == 0 && await addressCheck.ValidateAsync(input.TargetUrl!, allowInsecure, cancellationToken) is { } refused)
        {
            errors.Add(refused);
        }

        if (errors.Count > 0)
        {
            return CommandResult<CreatedWebhook>.Invalid(errors);
        }

        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var targetUrl = input.TargetUrl!.Trim();
        if (await db.Webhooks.AnyAsync(w => w.OrganizationId == organizationId && w.TargetUrl == targetUrl, cancellationToken))
        {
            return CommandResult<CreatedWebhook>.Conflict(TargetUrl.Field, DuplicateTargetUrl);
        }

        var now = time.GetUtcNow();
        string? secret = input.Format == WebhookFormat.Jwt ? null
            : string.IsNullOrEmpty(input.Secret) ? WebhookSecrets.Generate(input.Format) : input.Secret;
        WebhookTimeout.Validate(input.Timeout, out var timeout);
        var triggers = (input.Channels ?? []).Distinct()
            .SelectMany(slug => EventCatalog.EventsOf(EventCatalog.FindChannel(slug)!))
            .Select(e => new TriggerInput(TriggerType.Event, e.Name))
            .Concat(input.Triggers)
            .Distinct();
        var webhook = new Webhook
        {
            Id = TimeOrderedId.New(now),
            OrganizationId = organizationId,
            Name = input.Name!.Trim(),
            Description = input.Description?.Trim() ?? "",
            TargetUrl = targetUrl,
            Format = input.Format,
            ProtectedSecret = secret is null ? null : protector.Protect(secret),
            SecretHint = secret is null ? "" : SecretGenerator.Hint(secret),
            ProtectedCustomHeaders = protector.ProtectHeaders(input.CustomHeaders ?? []),
            Timeout = timeout,
            MaxInFlight = input.MaxInFlight,
            RateLimitPerSecond = input.RateLimitPerSecond,
            Ordering = input.Ordering,
            Status = input.Format == WebhookFormat.WebSub ? WebhookStatus.Inactive : WebhookStatus.Active,
            CreatedAt = now,
            UpdatedAt = now,
            Subscriptions = triggers.Select(t => new Subscription { TriggerType = t.Type, TriggerName = t.Name }).ToList(),
        };
        db.Webhooks.Add(webhook);
        audit.Record(db, organizationId, AuditAction.WebhookCreated, TargetOf(webhook), new
        {
            webhook.TargetUrl,
            Format = webhook.Format.ToWire(),
            Status = webhook.Status.ToWord(),
            Triggers = webhook.Subscriptions.Count,
            CustomHeaderNames = (input.CustomHeaders ?? []).Keys.Order(StringComparer.Ordinal).ToList(),
            SecretGenerated = secret is not null && string.IsNullOrEmpty(input.Secret),
        });
        await db.SaveChangesAsync(cancellationToken);
        notifier.Publish(new EngineChange(EngineChangeKind.WebhookChanged, organizationId, webhook.Id));
        return CommandResult<CreatedWebhook>.Ok(new CreatedWebhook(webhook, secret));
    }

    /// <summary>Changes the given fields. The target URL of a switched-on websub webhook is verified, so it changes only while off.</summary>
    public async Task<CommandResult<Webhook>> UpdateAsync(Guid organizationId, Guid webhookId, WebhookPatch patch, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var webhook = await LoadAsync(db, organizationId, webhookId, cancellationToken);
        if (webhook is null)
        {
            return CommandResult<Webhook>.NotFound(NoSuchWebhook);
        }

        var allowInsecure = options.CurrentValue.AllowInsecureTargets;
        var errors = WebhookValidator.Validate(patch, webhook.Format, allowInsecure);
        if (errors.Count == 0 && patch.TargetUrl is { } changedUrl && changedUrl.Trim() != webhook.TargetUrl
            && await addressCheck.ValidateAsync(changedUrl, allowInsecure, cancellationToken) is { } refused)
        {
            errors.Add(refused);
        }

        if (errors.Count > 0)
        {
            return CommandResult<Webhook>.Invalid(errors);
        }

        var changes = new AuditChanges();
        if (patch.TargetUrl is { } newUrl && newUrl.Trim() != webhook.TargetUrl)
        {
            newUrl = newUrl.Trim();
            if (webhook.Format == WebhookFormat.WebSub && webhook.Status != WebhookStatus.Inactive && webhook.Status != WebhookStatus.Disabled)
            {
                return CommandResult<Webhook>.Conflict(TargetUrl.Field, "Switch the websub webhook off before changing its target URL: the new endpoint must be verified.");
            }

            if (await db.Webhooks.AnyAsync(w => w.OrganizationId == organizationId && w.TargetUrl == newUrl && w.Id != webhookId, cancellationToken))
            {
                return CommandResult<Webhook>.Conflict(TargetUrl.Field, DuplicateTargetUrl);
            }

            changes.Field("target_url", webhook.TargetUrl, newUrl);
            webhook.TargetUrl = newUrl;
        }

        changes.Field("name", webhook.Name, patch.Name?.Trim() ?? webhook.Name);
        webhook.Name = patch.Name?.Trim() ?? webhook.Name;
        changes.Field("description", webhook.Description, patch.Description?.Trim() ?? webhook.Description);
        webhook.Description = patch.Description?.Trim() ?? webhook.Description;
        if (patch.CustomHeaders is not null)
        {
            // Header names only: the values may carry credentials of the receiver, so the entry says they were replaced.
            changes.Marker("custom_headers", new
            {
                NamesBefore = CustomHeaderNamesOf(webhook),
                NamesAfter = patch.CustomHeaders.Keys.Order(StringComparer.Ordinal).ToList(),
                Values = "replaced",
            });
            webhook.ProtectedCustomHeaders = protector.ProtectHeaders(patch.CustomHeaders);
        }

        if (patch.Timeout is not null)
        {
            WebhookTimeout.Validate(patch.Timeout, out var timeout);
            changes.Field("timeout", GoDuration.Format(webhook.Timeout), GoDuration.Format(timeout));
            webhook.Timeout = timeout;
        }

        changes.Field("max_in_flight", webhook.MaxInFlight, patch.MaxInFlight.Or(webhook.MaxInFlight));
        webhook.MaxInFlight = patch.MaxInFlight.Or(webhook.MaxInFlight);
        changes.Field("rate_limit_per_second", webhook.RateLimitPerSecond, patch.RateLimitPerSecond.Or(webhook.RateLimitPerSecond));
        webhook.RateLimitPerSecond = patch.RateLimitPerSecond.Or(webhook.RateLimitPerSecond);
        changes.Field("ordering", webhook.Ordering.ToWire(), (patch.Ordering ?? webhook.Ordering).ToWire());
        webhook.Ordering = patch.Ordering ?? webhook.Ordering;
        if (changes.Any)
        {
            audit.Record(db, organizationId, AuditAction.WebhookUpdated, TargetOf(webhook), changes.ToDetails());
        }

        return await SaveAndSignalAsync(db, webhook, cancellationToken);
    }

    /// <summary>Subscribes the webhook to a trigger; adding one it has changes nothing (SlashID's webhook API).</summary>
    public async Task<CommandResult<Webhook>> AddTriggerAsync(Guid organizationId, Guid webhookId, TriggerType type, string? name, CancellationToken cancellationToken = default) =>
        await ChangeTriggerAsync(organizationId, webhookId, type, name, add: true, cancellationToken);

    /// <summary>Removes a trigger; removing one it does not have changes nothing.</summary>
    public async Task<CommandResult<Webhook>> RemoveTriggerAsync(Guid organizationId, Guid webhookId, TriggerType type, string? name, CancellationToken cancellationToken = default) =>
        await ChangeTriggerAsync(organizationId, webhookId, type, name, add: false, cancellationToken);

    private async Task<CommandResult<Webhook>> ChangeTriggerAsync(Guid organizationId, Guid webhookId, TriggerType type, string? name, bool add, CancellationToken cancellationToken)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var webhook = await LoadAsync(db, organizationId, webhookId, cancellationToken);
        if (webhook is null)
        {
            return CommandResult<Webhook>.NotFound(NoSuchWebhook);
        }

        if (WebhookValidator.ValidateTrigger(type, name) is { } error)
        {
            return CommandResult<Webhook>.Invalid([error]);
        }

        var existing = webhook.Subscriptions.FirstOrDefault(s => s.TriggerType == type && s.TriggerName == name);
        if ((existing is not null) == add)
        {
            return CommandResult<Webhook>.Ok(webhook);
        }

        // A switched-on websub webhook was verified for its channels; another channel would need its own verification.
        if (webhook.Format == WebhookFormat.WebSub && type == TriggerType.Event && webhook.Status.IsSwitchedOn()
            && add && !ChannelsOf(webhook).Contains(EventCatalog.FindEvent(name)!.Channel))
        {
            return CommandResult<Webhook>.Conflict("trigger_name", "Switch the websub webhook off before subscribing it to a channel it was not verified for.");
        }

        audit.Record(db, organizationId, add ? AuditAction.TriggerAdded : AuditAction.TriggerRemoved, TargetOf(webhook),
            new { TriggerType = type == TriggerType.SyncHook ? "sync_hook" : "event", TriggerName = name });
        if (add)
        {
            webhook.Subscriptions.Add(new Subscription { TriggerType = type, TriggerName = name! });
        }
        else
        {
            webhook.Subscriptions.Remove(existing!);
            UnsubscribeAbandonedChannels(webhook);
        }

        return await SaveAndSignalAsync(db, webhook, cancellationToken);
    }

    // A switched-on websub webhook that no longer listens to any event of a channel tells its subscriber so
    // (hub.mode=unsubscribe), instead of leaving a subscription the hub no longer honours.
    private static void UnsubscribeAbandonedChannels(Webhook webhook)
    {
        if (webhook.Format != WebhookFormat.WebSub || !webhook.Status.IsSwitchedOn())
        {
            return;
        }

        var channels = ChannelsOf(webhook).Select(c => c.Slug).ToHashSet();
        foreach (var verification in webhook.Verifications.Where(v => v.State.IsSubscribe() && !channels.Contains(v.Channel)))
        {
            verification.State = VerificationState.UnsubscriptionPending;
            verification.Error = null;
            verification.LeaseExpiresAt = null;
        }
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
            return CommandResult<Webhook>.NotFound(NoSuchWebhook);
        }

        if (active == webhook.Status.IsSwitchedOn())
        {
            return CommandResult<Webhook>.Ok(webhook);
        }

        if (active && await db.Organizations.AnyAsync(o => o.Id == organizationId && o.DisabledAt != null, cancellationToken))
        {
            return CommandResult<Webhook>.Invalid("organization_id",
                "The organization is disabled: its webhooks cannot be switched on (or verified) until a platform operator enables it again.");
        }

        if (webhook.Format == WebhookFormat.WebSub && ChannelsOf(webhook).Count == 0 && active)
        {
            // Verification of intent runs per channel; with none the webhook would stay activating for ever.
            return CommandResult<Webhook>.Invalid("triggers", "Add an event trigger before switching a websub webhook on: its endpoint is verified for each channel of its events.");
        }

        if (webhook.Format != WebhookFormat.WebSub || ChannelsOf(webhook).Count == 0)
        {
            webhook.Status = active ? WebhookStatus.Active : WebhookStatus.Inactive;
        }
        else
        {
            webhook.Status = active ? WebhookStatus.Activating : WebhookStatus.Deactivating;
            var pending = active ? VerificationState.SubscriptionPending : VerificationState.UnsubscriptionPending;
            // Channels the webhook no longer subscribes to were unsubscribed when their last trigger went; they take
            // no part in this switch (and must not keep it from settling).
            var current = ChannelsOf(webhook).Select(c => c.Slug).ToHashSet();
            webhook.Verifications.RemoveAll(v => !current.Contains(v.Channel) && !v.State.IsPending());
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
        audit.Record(db, organizationId, active ? AuditAction.WebhookActivated : AuditAction.WebhookDeactivated, TargetOf(webhook),
            new { Status = webhook.Status.ToWord() });
        return await SaveAndSignalAsync(db, webhook, cancellationToken);
    }

    /// <summary>Sends the failed or pending verification requests of the webhook's current direction again.</summary>
    public async Task<CommandResult<Webhook>> ResendVerificationAsync(Guid organizationId, Guid webhookId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var webhook = await LoadAsync(db, organizationId, webhookId, cancellationToken);
        if (webhook is null)
        {
            return CommandResult<Webhook>.NotFound(NoSuchWebhook);
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

        // An active webhook whose lease renewal failed keeps receiving while it re-verifies (WebSubLeaseRenewal).
        if (webhook.Status != WebhookStatus.Active || !subscribe)
        {
            webhook.Status = subscribe ? WebhookStatus.Activating : WebhookStatus.Deactivating;
        }

        audit.Record(db, organizationId, AuditAction.VerificationResent, TargetOf(webhook), new { Mode = subscribe ? "subscribe" : "unsubscribe" });
        return await SaveAndSignalAsync(db, webhook, cancellationToken);
    }

    /// <summary>Deletes an inactive webhook (Asgardeo's WebSub guide: only when inactive) with its deliveries.</summary>
    public async Task<CommandResult<Guid>> DeleteAsync(Guid organizationId, Guid webhookId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var webhook = await db.Webhooks.SingleOrDefaultAsync(w => w.Id == webhookId && w.OrganizationId == organizationId, cancellationToken);
        if (webhook is null)
        {
            return CommandResult<Guid>.NotFound(NoSuchWebhook);
        }

        if (webhook.Status is not (WebhookStatus.Inactive or WebhookStatus.Disabled))
        {
            return CommandResult<Guid>.Conflict("status", "Switch the webhook off before deleting it.");
        }

        db.Webhooks.Remove(webhook);
        audit.Record(db, organizationId, AuditAction.WebhookDeleted, TargetOf(webhook), new { webhook.TargetUrl });
        await db.SaveChangesAsync(cancellationToken);
        notifier.Publish(new EngineChange(EngineChangeKind.WebhookChanged, organizationId, webhookId));
        return CommandResult<Guid>.Ok(webhookId);
    }

    /// <summary>Sends a random test event of <paramref name="eventName"/> (by default the webhook's first subscribed event type) to this webhook alone.</summary>
    public async Task<CommandResult<Guid>> SendTestEventAsync(Guid organizationId, Guid webhookId, string? eventName = null, CancellationToken cancellationToken = default)
    {
        var webhook = await GetAsync(organizationId, webhookId, cancellationToken);
        eventName ??= webhook is null ? null : TestEventDraft.EventTypesOf(webhook).FirstOrDefault();
        var draft = eventName is null ? null : TestEventDraft.Create(eventName, organizationId, time.GetUtcNow());
        return await SendTestEventAsync(organizationId, webhook, draft, cancellationToken);
    }

    /// <summary>Sends <paramref name="draft"/>, the test event the operator has seen, as it is, to this webhook alone.</summary>
    public async Task<CommandResult<Guid>> SendTestEventAsync(Guid organizationId, Guid webhookId, TestEventDraft draft, CancellationToken cancellationToken = default) =>
        await SendTestEventAsync(organizationId, await GetAsync(organizationId, webhookId, cancellationToken), draft, cancellationToken);

    private async Task<CommandResult<Guid>> SendTestEventAsync(Guid organizationId, Webhook? webhook, TestEventDraft? draft, CancellationToken cancellationToken)
    {
        if (webhook is null)
        {
            return CommandResult<Guid>.NotFound(NoSuchWebhook);
        }

        if (webhook.Status != WebhookStatus.Active)
        {
            return CommandResult<Guid>.Invalid("status", "Switch the webhook on, and wait until it is active, before sending a test event.");
        }

        if (draft is null)
        {
            return CommandResult<Guid>.Invalid("triggers", "The webhook is not subscribed to any event.");
        }

        var result = await publisher.PublishAsync(new EventToPublish(organizationId, draft.EventName, draft.Payload, IsTestEvent: true, draft.EventId, webhook.Id), cancellationToken);
        if (!result.Accepted)
        {
            return CommandResult<Guid>.Invalid(result.Errors);
        }

        // Events are stored by the publisher's group commit (raw SQL, many callers per transaction), so this entry
        // follows in a transaction of its own (docs/security.md, audit log).
        await audit.RecordAloneAsync(organizationId, AuditAction.TestEventSent, TargetOf(webhook),
            new { draft.EventName, EventIds = new[] { result.EventId } }, cancellationToken: cancellationToken);
        return CommandResult<Guid>.Ok(result.EventId);
    }

    /// <summary>
    /// Replaces the webhook's secret (generated when <paramref name="newSecret"/> is empty). The old one keeps
    /// signing beside the new one for <c>Signing:SecretRotationGrace</c> where the format can carry two signatures
    /// (<c>standard</c>), so receivers can switch without losing a delivery. Returns the new secret in clear, once.
    /// </summary>
    public async Task<CommandResult<string>> RotateSecretAsync(Guid organizationId, Guid webhookId, string? newSecret, TimeSpan grace, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var webhook = await db.Webhooks.SingleOrDefaultAsync(w => w.Id == webhookId && w.OrganizationId == organizationId, cancellationToken);
        if (webhook is null)
        {
            return CommandResult<string>.NotFound(NoSuchWebhook);
        }

        if (webhook.Format == WebhookFormat.Jwt)
        {
            return CommandResult<string>.Invalid(WebhookSecrets.Field, "A jwt webhook has no secret: it is signed with the organization's signing key (rotate that instead).");
        }

        if (WebhookSecrets.Validate(webhook.Format, newSecret) is { } error)
        {
            return CommandResult<string>.Invalid([error]);
        }

        var now = time.GetUtcNow();
        var secret = string.IsNullOrEmpty(newSecret) ? WebhookSecrets.Generate(webhook.Format) : newSecret;
        webhook.PreviousProtectedSecret = grace > TimeSpan.Zero ? webhook.ProtectedSecret : null;
        webhook.PreviousSecretExpiresAt = grace > TimeSpan.Zero ? now + grace : null;
        webhook.ProtectedSecret = protector.Protect(secret);
        webhook.SecretHint = SecretGenerator.Hint(secret);
        webhook.UpdatedAt = now;
        audit.Record(db, organizationId, AuditAction.SecretRotated, TargetOf(webhook), new
        {
            Generated = string.IsNullOrEmpty(newSecret),
            PreviousSecretExpiresAt = webhook.PreviousSecretExpiresAt,
        });
        await db.SaveChangesAsync(cancellationToken);
        notifier.Publish(new EngineChange(EngineChangeKind.WebhookChanged, organizationId, webhookId));
        return CommandResult<string>.Ok(secret);
    }

    /// <summary>The channels a webhook is subscribed to, in catalog order.</summary>
    /// <summary>The names of a webhook's custom headers, for display; their values never leave the engine.</summary>
    public IReadOnlyList<string> CustomHeaderNamesOf(Webhook webhook) =>
        protector.UnprotectHeaders(webhook.ProtectedCustomHeaders).Keys.Order(StringComparer.Ordinal).ToList();

    public static IReadOnlyList<EventChannel> ChannelsOf(Webhook webhook) =>
        EventCatalog.Channels.Where(c => webhook.Subscriptions.Any(s =>
            s.TriggerType == TriggerType.Event && EventCatalog.FindEvent(s.TriggerName)?.Channel == c)).ToList();

    private static AuditTarget TargetOf(Webhook webhook) => AuditTarget.Of(AuditTargetType.Webhook, webhook.Id, webhook.Name);

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

/// <summary>A new webhook and its secret in clear (none for <c>jwt</c>), shown to the operator once.</summary>
public sealed record CreatedWebhook(Webhook Webhook, string? Secret);

/// <summary>One page of webhooks and the organization's total count of webhooks.</summary>
public sealed record WebhookPage(IReadOnlyList<Webhook> Items, int TotalCount);
