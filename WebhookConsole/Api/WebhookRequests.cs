using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Webhooks;

namespace WebhookConsole.Api;

/// <summary>
/// Turns API request bodies into the engine's inputs. Only JSON shapes are checked here; every rule about the
/// values (URL, timeout, headers, secret, triggers, delivery settings) is the engine's, so the console and the API answer alike.
/// </summary>
internal static class WebhookRequests
{
    private const string TimeoutShape = "a string holding a Go duration, for example \"10s\" or \"500ms\"";

    /// <summary>The create body; <c>format</c> defaults to <c>jwt</c> on this API (SlashID's JWT webhooks).</summary>
    public static WebhookInput ReadCreate(JsonFields fields)
    {
        var format = WebhookFormat.Jwt;
        if (fields.String("format", "one of jwt, standard, websub") is { } formatText && !WebhookFormatNames.TryParse(formatText, out format))
        {
            fields.Errors.Add(new("format", $"The format '{formatText}' is not one of jwt, standard, websub."));
        }

        var common = ReadCommon(fields);
        return new WebhookInput
        {
            TargetUrl = common.TargetUrl,
            Name = common.Name,
            Description = common.Description,
            CustomHeaders = common.CustomHeaders,
            Timeout = common.Timeout,
            MaxInFlight = common.MaxInFlight.Value,
            RateLimitPerSecond = common.RateLimitPerSecond.Value,
            Ordering = common.Ordering ?? DeliveryOrdering.None,
            Format = format,
            Secret = fields.String(WebhookSecrets.Field),
            // As SlashID's: API webhooks start without triggers; they are added with the triggers endpoint.
            Channels = null,
        };
    }

    /// <summary>The PATCH body: absent or null fields stay as they are; the format and secret are fixed at creation.</summary>
    public static WebhookPatch ReadPatch(JsonFields fields)
    {
        if (fields.Has("format"))
        {
            fields.Errors.Add(new("format", "The format field cannot be changed; create a new webhook with the other format."));
        }

        if (fields.Has(WebhookSecrets.Field))
        {
            fields.Errors.Add(new(WebhookSecrets.Field, "The secret field cannot be changed with PATCH; it is set when the webhook is created."));
        }

        var common = ReadCommon(fields);
        return new WebhookPatch
        {
            TargetUrl = common.TargetUrl,
            Name = common.Name,
            Description = common.Description,
            CustomHeaders = common.CustomHeaders,
            Timeout = common.Timeout,
            MaxInFlight = common.MaxInFlight,
            RateLimitPerSecond = common.RateLimitPerSecond,
            Ordering = common.Ordering,
        };
    }

    /// <summary>A trigger from a body or a query string; the name's rules are the engine's.</summary>
    public static (TriggerType Type, string? Name) ReadTrigger(string? type, string? name, List<FieldError> errors)
    {
        if (!TriggerTypeNames.TryParse(type, out var parsed))
        {
            errors.Add(new("trigger_type", type is null
                ? "The trigger_type is required: event or sync_hook."
                : $"The trigger_type '{type}' is not one of event, sync_hook."));
        }

        return (parsed, name);
    }

    private static CommonFields ReadCommon(JsonFields fields) => new(
        fields.String(TargetUrl.Field),
        fields.String("name"),
        fields.String("description"),
        fields.Headers(CustomHeaders.Field),
        fields.String(WebhookTimeout.Field, TimeoutShape),
        fields.NullableInteger(DeliverySettings.MaxInFlightField, DeliverySettings.MaxInFlightRule),
        fields.NullableInteger(DeliverySettings.RateLimitField, DeliverySettings.RateLimitRule),
        ReadOrdering(fields));

    private static DeliveryOrdering? ReadOrdering(JsonFields fields)
    {
        if (fields.String(DeliverySettings.OrderingField, "\"none\" or \"fifo\"") is not { } text)
        {
            return null;
        }

        if (DeliverySettings.ParseOrdering(text, out var ordering) is { } error)
        {
            fields.Errors.Add(error);
            return null;
        }

        return ordering;
    }

    /// <summary>The fields that create and PATCH share.</summary>
    private sealed record CommonFields(
        string? TargetUrl,
        string? Name,
        string? Description,
        Dictionary<string, string[]>? CustomHeaders,
        string? Timeout,
        PatchValue<int?> MaxInFlight,
        PatchValue<int?> RateLimitPerSecond,
        DeliveryOrdering? Ordering);
}
