using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Webhooks;

namespace WebhookConsole.Components.Controls;

/// <summary>
/// State and commands of the Add / Edit webhook form, kept out of the component so they can be unit tested:
/// fields, delivery settings, custom header rows, subscriptions (event types by channel and sync hooks) and the engine
/// calls that save them.
/// Header values are write-only: an edited webhook's rows carry names only, and its headers change only when the
/// operator chooses to replace all of them.
/// </summary>
public sealed class WebhookFormModel
{
    /// <summary>The console's own rule (the API may create a webhook without triggers and add them later).</summary>
    public const string NoSubscription = "Select at least one event type or sync hook.";

    /// <summary>The field key of subscription errors (the engine's trigger errors are shown there too).</summary>
    public const string SubscriptionsField = "triggers";

    private readonly HashSet<string> _selected = new(StringComparer.Ordinal);
    private readonly HashSet<string> _original = new(StringComparer.Ordinal);

    /// <summary>A form for a new webhook (websub, secret generated).</summary>
    public WebhookFormModel()
    {
    }

    /// <summary>A form that edits <paramref name="webhook"/>; <paramref name="headerNames"/> are its custom header names (values are never read back).</summary>
    public WebhookFormModel(Webhook webhook, IEnumerable<string> headerNames)
    {
        WebhookId = webhook.Id;
        Name = webhook.Name;
        Description = webhook.Description;
        TargetUrl = webhook.TargetUrl;
        Format = webhook.Format;
        Timeout = GoDuration.Format(webhook.Timeout);
        MaxInFlight = webhook.MaxInFlight;
        RateLimitPerSecond = webhook.RateLimitPerSecond;
        Ordering = webhook.Ordering;
        ExistingHeaderNames = headerNames.ToList();
        foreach (var subscription in webhook.Subscriptions)
        {
            _selected.Add(subscription.TriggerName);
            _original.Add(subscription.TriggerName);
        }
    }

    public Guid? WebhookId { get; }

    public bool IsEdit => WebhookId is not null;

    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    public string TargetUrl { get; set; } = "";

    public WebhookFormat Format { get; set; } = WebhookFormat.WebSub;

    /// <summary>Go duration text; empty means the defaults.</summary>
    public string Timeout { get; set; } = "";

    /// <summary>A cap on requests in flight; empty (null) for none.</summary>
    public int? MaxInFlight { get; set; }

    /// <summary>Requests a second at most; empty (null) for no limit.</summary>
    public int? RateLimitPerSecond { get; set; }

    public DeliveryOrdering Ordering { get; set; }

    /// <summary>True: the secret is generated (the default); false: <see cref="Secret"/> is used.</summary>
    public bool GenerateSecret { get; set; } = true;

    public string Secret { get; set; } = "";

    /// <summary>jwt deliveries are signed with the organization's ES256 key, so they have no secret.</summary>
    public bool UsesSecret => Format != WebhookFormat.Jwt;

    /// <summary>The saved webhook's header names, shown with masked values.</summary>
    public IReadOnlyList<string> ExistingHeaderNames { get; } = [];

    /// <summary>On edit: true once the operator chose to replace every header with <see cref="Headers"/>.</summary>
    public bool ReplaceHeaders { get; private set; }

    /// <summary>Header rows being entered; a name given on several rows gets several values.</summary>
    public List<HeaderRow> Headers { get; } = [];

    public IReadOnlyList<FieldError> Errors { get; private set; } = [];

    /// <summary><c>"true"</c> for the <c>aria-invalid</c> attribute of a field with an error; null (no attribute) otherwise.</summary>
    public string? Invalid(string field) => Errors.Any(e => e.Field == field) ? "true" : null;

    public bool IsSelected(string trigger) => _selected.Contains(trigger);

    /// <summary>All of a channel's event types selected (true), none (false) or some (null).</summary>
    public bool? ChannelState(EventChannel channel)
    {
        var count = EventCatalog.EventsOf(channel).Count(e => _selected.Contains(e.Name));
        return count == 0 ? false : count == EventCatalog.EventsOf(channel).Count() ? true : null;
    }

    public void Select(string trigger, bool selected)
    {
        if (selected)
        {
            _selected.Add(trigger);
        }
        else
        {
            _selected.Remove(trigger);
        }
    }

    /// <summary>The channel checkbox: selects or clears every event type of the channel.</summary>
    public void SelectChannel(EventChannel channel, bool selected)
    {
        foreach (var type in EventCatalog.EventsOf(channel))
        {
            Select(type.Name, selected);
        }
    }

    public void StartReplacingHeaders()
    {
        ReplaceHeaders = true;
        if (Headers.Count == 0)
        {
            AddHeader();
        }
    }

    public void AddHeader() => Headers.Add(new HeaderRow());

    public void RemoveHeader(HeaderRow row) => Headers.Remove(row);

    /// <summary>Shows a refusal that did not come from the engine (a viewer's submit).</summary>
    public void Refuse(FieldError error) => Errors = [error];

    /// <summary>Creates the webhook; on success returns it with its secret in clear (to show once), else null with <see cref="Errors"/> set.</summary>
    public async Task<CreatedWebhook?> CreateAsync(WebhookService webhooks, Guid organizationId)
    {
        if (_selected.Count == 0)
        {
            // Still judge the other fields with the engine's rules, so every message appears at once (the https-only
            // rule, which depends on the hub's setting, is judged by CreateAsync once a subscription is chosen).
            Errors = [.. WebhookValidator.Validate(ToInput(), allowInsecureTargets: true), new FieldError(SubscriptionsField, NoSubscription)];
            return null;
        }

        var result = await webhooks.CreateAsync(organizationId, ToInput());
        Errors = result.Errors;
        return result.Value;
    }

    /// <summary>
    /// Saves an edit: the fields (<see cref="WebhookService.UpdateAsync"/>), then each added and removed trigger.
    /// Returns true when everything was saved; otherwise <see cref="Errors"/> says what was refused.
    /// </summary>
    public async Task<bool> SaveAsync(WebhookService webhooks, Guid organizationId)
    {
        if (_selected.Count == 0)
        {
            Errors = [new FieldError(SubscriptionsField, NoSubscription)];
            return false;
        }

        var id = WebhookId ?? throw new InvalidOperationException("Not an edit form.");
        var updated = await webhooks.UpdateAsync(organizationId, id, ToPatch());
        Errors = updated.Errors;
        if (!updated.Succeeded)
        {
            return false;
        }

        var errors = new List<FieldError>();
        foreach (var trigger in _selected.Except(_original).Order(StringComparer.Ordinal))
        {
            Collect(errors, await webhooks.AddTriggerAsync(organizationId, id, TypeOf(trigger), trigger), trigger, added: true);
        }

        foreach (var trigger in _original.Except(_selected).Order(StringComparer.Ordinal))
        {
            Collect(errors, await webhooks.RemoveTriggerAsync(organizationId, id, TypeOf(trigger), trigger), trigger, added: false);
        }

        Errors = errors.DistinctBy(e => e.Message).ToList();
        return errors.Count == 0;
    }

    private void Collect(List<FieldError> errors, CommandResult<Webhook> result, string trigger, bool added)
    {
        if (result.Succeeded)
        {
            // Remember what is saved, so pressing Save again after a refusal only retries what is left.
            if (added)
            {
                _original.Add(trigger);
            }
            else
            {
                _original.Remove(trigger);
            }

            return;
        }

        errors.AddRange(result.Errors.Select(e => new FieldError(SubscriptionsField, e.Message)));
    }

    private static TriggerType TypeOf(string trigger) => EventCatalog.IsSyncHook(trigger) ? TriggerType.SyncHook : TriggerType.Event;

    private Dictionary<string, string[]>? HeadersToSave() =>
        IsEdit && !ReplaceHeaders ? null
        : Headers.Where(h => h.Name.Trim().Length > 0 || h.Value.Length > 0)
            .GroupBy(h => h.Name.Trim(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(h => h.Value).ToArray(), StringComparer.Ordinal);

    private WebhookInput ToInput() => new()
    {
        Name = Name,
        Description = Description,
        TargetUrl = TargetUrl,
        Format = Format,
        Secret = UsesSecret && !GenerateSecret ? Secret : null,
        CustomHeaders = HeadersToSave(),
        Timeout = Timeout.Trim().Length == 0 ? null : Timeout.Trim(),
        MaxInFlight = MaxInFlight,
        RateLimitPerSecond = RateLimitPerSecond,
        Ordering = Ordering,
        Channels = null,
        Triggers = _selected.Order(StringComparer.Ordinal).Select(t => new TriggerInput(TypeOf(t), t)).ToList(),
    };

    private WebhookPatch ToPatch() => new()
    {
        Name = Name,
        Description = Description,
        TargetUrl = TargetUrl,
        CustomHeaders = HeadersToSave(),
        Timeout = Timeout.Trim().Length == 0 ? "0s" : Timeout.Trim(),
        MaxInFlight = new(MaxInFlight),
        RateLimitPerSecond = new(RateLimitPerSecond),
        Ordering = Ordering,
    };
}

/// <summary>One custom header being entered: a name and one value.</summary>
public sealed class HeaderRow
{
    public string Name { get; set; } = "";

    public string Value { get; set; } = "";
}
