using System.Text.Json;
using System.Text.Json.Serialization;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Api;

/// <summary>
/// A delivery: one event for one webhook, as the list shows it; <c>GET /deliveries/{id}</c> shows a
/// <see cref="DeliveryDetailResource"/>.
/// </summary>
internal record DeliveryResource(
    Guid Id,
    Guid EventId,
    string EventName,
    bool IsTestEvent,
    Guid WebhookId,
    string Status,
    int AttemptCount,
    int? LastResponseStatus,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? CompletedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<AttemptResource>? Attempts = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? ErasedAt = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? BodiesPurgedAt = null)
{
    public static DeliveryResource From(DeliverySummary d) => new(
        d.Id, d.EventId, d.EventName, d.IsTestEvent, d.WebhookId, d.Status.ToWord(), d.AttemptCount, d.LastResponseStatus, d.LastError,
        d.CreatedAt, NextAttempt(d.Status, d.NextAttemptAt), d.CompletedAt);

    /// <summary>The delivery as it is now; with <paramref name="attempts"/>, every attempt too.</summary>
    public static DeliveryResource Of(Engine.Domain.Delivery d, bool attempts = true) => new(
        d.Id, d.EventId, d.EventName.Length > 0 ? d.EventName : d.Event!.Name, d.Event?.IsTestEvent ?? d.IsTestEvent, d.WebhookId, d.Status.ToWord(),
        d.AttemptCount, d.LastResponseStatus, d.LastError, d.CreatedAt, NextAttempt(d.Status, d.NextAttemptAt), d.CompletedAt,
        attempts ? d.Attempts.Select(AttemptResource.From).ToList() : null, d.ErasedAt, d.BodiesPurgedAt);

    // A finished delivery has no next attempt: null, never a placeholder time (the column keeps its last due time).
    private static DateTimeOffset? NextAttempt(DeliveryStatus status, DateTimeOffset next) =>
        status is DeliveryStatus.Succeeded or DeliveryStatus.Failed or DeliveryStatus.Cancelled || next <= DateTimeOffset.UnixEpoch ? null : next;
}

/// <summary>
/// One delivery with why it waits (<c>waiting_reason</c>: null unless pending or retrying) and every attempt, with the
/// request as sent (custom header values masked) and the response as received.
/// </summary>
internal sealed record DeliveryDetailResource : DeliveryResource
{
    private DeliveryDetailResource(DeliveryResource delivery, string? waitingReason)
        : base(delivery)
    {
        WaitingReason = waitingReason;
    }

    public string? WaitingReason { get; }

    public static DeliveryDetailResource From(Engine.Domain.Delivery d, string? waitingReason) => new(Of(d), waitingReason);
}

/// <summary>One HTTP try. <c>error</c> is null on success, else <c>timeout</c>, <c>connection</c>, <c>tls</c>, <c>non_success_status</c> or <c>redirect</c>.</summary>
internal sealed record AttemptResource(
    int Number,
    DateTimeOffset StartedAt,
    long DurationMs,
    AttemptRequestResource Request,
    AttemptResponseResource? Response,
    string? Error,
    string? ErrorMessage)
{
    public static AttemptResource From(Attempt a) => new(
        a.Number,
        a.StartedAt,
        (long)a.Duration.TotalMilliseconds,
        new AttemptRequestResource(a.RequestUrl, Headers(a.RequestHeaders) ?? [], a.RequestBody),
        a.ResponseStatus is null && a.ResponseHeaders is null ? null : new AttemptResponseResource(a.ResponseStatus, Headers(a.ResponseHeaders) ?? [], a.ResponseBody),
        a.Succeeded ? null : a.Error.ToWord(),
        a.ErrorMessage);

    // The delivery log stores headers as JSON (name to values); the engine masked custom header values before storing.
    private static Dictionary<string, string[]>? Headers(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<Dictionary<string, string[]>>(json);
}

/// <summary>The request of an attempt, as sent.</summary>
internal sealed record AttemptRequestResource(string Url, IReadOnlyDictionary<string, string[]> Headers, string Body);

/// <summary>The response of an attempt, as received (the body truncated to <c>Delivery:ResponseBodyLimit</c>).</summary>
internal sealed record AttemptResponseResource(int? Status, IReadOnlyDictionary<string, string[]> Headers, string? Body);
