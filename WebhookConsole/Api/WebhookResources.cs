using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Scheduling;
using WebhookConsole.Engine.Security;

namespace WebhookConsole.Api;

/// <summary>
/// A webhook as the API shows it. Secrets and custom header values never leave in clear: <c>secret</c> is masked
/// (<c>****a1b2</c>) except in the create response, and each header value reads <c>****</c>.
/// </summary>
internal sealed record WebhookResource(
    Guid Id,
    string Name,
    string Description,
    string TargetUrl,
    string Format,
    string Status,
    string? Secret,
    string? SecretHint,
    IReadOnlyDictionary<string, string[]> CustomHeaders,
    string Timeout,
    int? MaxInFlight,
    int? RateLimitPerSecond,
    [property: AllowedValues("none", "fifo")] string Ordering,
    CircuitResource Circuit,
    IReadOnlyList<TriggerResource> Triggers,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<VerificationResource>? Verifications,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DisabledReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public const string MaskedValue = "****";

    /// <summary>The resource of <paramref name="webhook"/>; <paramref name="clearSecret"/> only in the create response.</summary>
    public static WebhookResource From(Webhook webhook, EndpointCircuit circuit, SecretProtector protector, string? clearSecret = null)
    {
        var masked = webhook.MaskedSecret.Length == 0 ? null : webhook.MaskedSecret;
        var headers = protector.UnprotectHeaders(webhook.ProtectedCustomHeaders)
            .ToDictionary(h => h.Key, h => h.Value.Select(_ => MaskedValue).ToArray());
        return new WebhookResource(
            webhook.Id,
            webhook.Name,
            webhook.Description,
            webhook.TargetUrl,
            webhook.Format.ToWire(),
            webhook.Status.ToWord(),
            clearSecret ?? masked,
            masked,
            headers,
            GoDuration.Format(webhook.Timeout),
            webhook.MaxInFlight,
            webhook.RateLimitPerSecond,
            webhook.Ordering.ToWire(),
            new CircuitResource(circuit.State.ToWire(), circuit.Since, circuit.NextProbeAt),
            TriggerResource.ListOf(webhook),
            webhook.Format == WebhookFormat.WebSub
                ? webhook.Verifications.OrderBy(v => v.Channel).Select(VerificationResource.From).ToList()
                : null,
            webhook.DisabledReason,
            webhook.CreatedAt,
            webhook.UpdatedAt);
    }
}

/// <summary>
/// The endpoint's circuit breaker: <c>closed</c> (sending), <c>open</c> (deliveries held back, not failed, until a probe
/// at <c>next_probe_at</c>) or <c>half_open</c> (one probe in flight); <c>since</c> is when it opened.
/// </summary>
internal sealed record CircuitResource([property: AllowedValues("closed", "open", "half_open")] string State, DateTimeOffset? Since, DateTimeOffset? NextProbeAt);

/// <summary>Builds <see cref="WebhookResource"/>s with their circuits, read from the engine's endpoint state.</summary>
internal sealed class WebhookResources(SecretProtector protector, CircuitReader circuits)
{
    /// <summary>A new webhook (closed circuit) with its secret in clear, for the create response only.</summary>
    public WebhookResource Created(Webhook webhook, string? clearSecret) => WebhookResource.From(webhook, EndpointCircuit.Closed, protector, clearSecret);

    public async Task<WebhookResource> OfAsync(Webhook webhook, CancellationToken cancellationToken) =>
        WebhookResource.From(webhook, await circuits.GetAsync(webhook.Id, cancellationToken), protector);

    public async Task<IReadOnlyList<WebhookResource>> OfAsync(IReadOnlyList<Webhook> webhooks, CancellationToken cancellationToken)
    {
        var byId = await circuits.GetManyAsync(webhooks.Select(w => w.Id).ToList(), cancellationToken);
        return webhooks.Select(w => WebhookResource.From(w, byId[w.Id], protector)).ToList();
    }
}

/// <summary>One trigger of a webhook (SlashID's API).</summary>
internal sealed record TriggerResource(string TriggerType, string TriggerName)
{
    public static IReadOnlyList<TriggerResource> ListOf(Webhook webhook) => webhook.Subscriptions
        .OrderBy(s => s.TriggerType).ThenBy(s => s.TriggerName, StringComparer.Ordinal)
        .Select(s => new TriggerResource(s.TriggerType.ToWire(), s.TriggerName))
        .ToList();
}

/// <summary>WebSub verification of intent for one channel of a <c>websub</c> webhook (Asgardeo-style WebSub).</summary>
internal sealed record VerificationResource(string Channel, string State, string? Error, DateTimeOffset? LastAttemptAt, DateTimeOffset? LeaseExpiresAt)
{
    public static VerificationResource From(ChannelVerification verification) => new(
        verification.Channel, verification.State.ToWire(), verification.Error, verification.LastAttemptAt, verification.LeaseExpiresAt);
}
