using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Webhooks;

/// <summary>The rules of a webhook, shared by the console and the API so both answer with the same words.</summary>
public static class WebhookValidator
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 1000;

    public static List<FieldError> Validate(WebhookInput input, bool allowInsecureTargets)
    {
        var errors = new List<FieldError>();
        Add(errors, ValidateName(input.Name));
        Add(errors, ValidateDescription(input.Description));
        Add(errors, TargetUrl.Validate(input.TargetUrl, allowInsecureTargets));
        Add(errors, WebhookSecrets.Validate(input.Format, input.Secret));
        Add(errors, CustomHeaders.Validate(input.CustomHeaders));
        Add(errors, WebhookTimeout.Validate(input.Timeout, out _));
        Add(errors, DeliverySettings.ValidateMaxInFlight(input.MaxInFlight));
        Add(errors, DeliverySettings.ValidateRateLimit(input.RateLimitPerSecond));
        if (input.Channels is { Count: 0 })
        {
            errors.Add(new("channels", "Select at least one channel."));
        }
        else if (input.Channels?.FirstOrDefault(slug => EventCatalog.FindChannel(slug) is null) is { } unknown)
        {
            errors.Add(new("channels", $"The channel '{unknown}' does not exist."));
        }

        foreach (var trigger in input.Triggers)
        {
            Add(errors, ValidateTrigger(trigger.Type, trigger.Name));
        }

        return errors;
    }

    public static List<FieldError> Validate(WebhookPatch patch, WebhookFormat format, bool allowInsecureTargets)
    {
        var errors = new List<FieldError>();
        if (patch.Name is not null)
        {
            Add(errors, ValidateName(patch.Name));
        }

        Add(errors, ValidateDescription(patch.Description));
        if (patch.TargetUrl is not null)
        {
            Add(errors, TargetUrl.Validate(patch.TargetUrl, allowInsecureTargets));
        }

        Add(errors, CustomHeaders.Validate(patch.CustomHeaders));
        Add(errors, WebhookTimeout.Validate(patch.Timeout, out _));
        Add(errors, DeliverySettings.ValidateMaxInFlight(patch.MaxInFlight.Value));
        Add(errors, DeliverySettings.ValidateRateLimit(patch.RateLimitPerSecond.Value));
        return errors;
    }

    public static FieldError? ValidateTrigger(TriggerType type, string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return new("trigger_name", "The trigger name is required.");
        }

        return EventCatalog.IsKnownTrigger(type, name)
            ? null
            : new("trigger_name", type == TriggerType.Event
                ? $"The trigger name '{name}' is not an event trigger (for example AuthenticationFailed_v1)."
                : $"The trigger name '{name}' is not a sync hook (one of {string.Join(", ", EventCatalog.SyncHooks)}).");
    }

    private static FieldError? ValidateName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? new("name", "The name is required.")
        : name.Length > MaxNameLength ? new("name", $"The name must be at most {MaxNameLength} characters long.")
        : name.Any(char.IsControl) ? new("name", "The name must not contain control characters.")
        : null;

    private static FieldError? ValidateDescription(string? description) =>
        description is { Length: > MaxDescriptionLength } ? new("description", $"The description must be at most {MaxDescriptionLength} characters long.") : null;

    private static void Add(List<FieldError> errors, FieldError? error)
    {
        if (error is not null)
        {
            errors.Add(error);
        }
    }
}
