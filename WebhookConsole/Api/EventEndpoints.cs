using System.Text.Json;
using WebhookConsole.Api.OpenApi;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Api;

/// <summary>
/// <c>POST /events</c> and <c>POST /events/batch</c>: the identity system hands over events; <c>202</c> means they are
/// stored and will be delivered. An <c>Idempotency-Key</c> (per event in a batch: <c>idempotency_key</c>) makes a
/// retried call store nothing new and answer the first call's event id.
/// </summary>
internal static class EventEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxBatch = 1000;

    /// <summary>A batch may carry up to 1,000 events of a few KiB each; each event's payload stays within <see cref="JsonBody.MaxBytes"/>.</summary>
    public const int MaxBatchBytes = 16 * 1024 * 1024;

    /// <summary>An accepted event: its id, and whether it was a repeat of an earlier call (nothing new stored).</summary>
    public sealed record AcceptedEvent(Guid Id, bool Duplicate);

    public static RouteGroupBuilder MapEventEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/events", PublishAsync).WithTags(ApiTags.Events).DocumentPublishEvent().WithMetadata(new EventIntakeMetadata());
        api.MapPost("/events/batch", PublishBatchAsync).WithTags(ApiTags.Events).DocumentPublishEventBatch().WithMetadata(new EventIntakeMetadata());
        return api;
    }

    private static async Task<IResult> PublishAsync(HttpContext http, IEventPublisher publisher)
    {
        var (document, error) = await JsonBody.ReadAsync(http.Request);
        if (error is not null)
        {
            return error;
        }

        using (document)
        {
            var root = document!.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "The request body must be a JSON object with event_name and payload.");
            }

            var errors = new List<FieldError>();
            var key = http.Request.Headers[IdempotencyKeyHeader] is { Count: > 0 } values ? values.ToString() : null;
            var @event = ReadEvent(root, "", ApiKeyFilter.OrganizationOf(http), key, errors);
            if (errors.Count > 0)
            {
                return ApiResults.BadRequest(errors);
            }

            try
            {
                var result = await publisher.PublishAsync(@event, http.RequestAborted);
                if (!result.Accepted)
                {
                    return ApiResults.BadRequest(result.Errors.Select(e => e.Field == "idempotency_key" ? e with { Message = e.Message.Replace("The idempotency key", $"The {IdempotencyKeyHeader} header") } : e));
                }

                if (result.Duplicate)
                {
                    http.Response.Headers[ReplayedHeader] = "true";
                }

                return ApiResults.Result(new AcceptedEvent(result.EventId, result.Duplicate), StatusCodes.Status202Accepted);
            }
            catch (EventIdTakenException taken)
            {
                return ApiResults.Error(StatusCodes.Status409Conflict, "payload.event_metadata.event_id: " + taken.Message);
            }
        }
    }

    private static async Task<IResult> PublishBatchAsync(HttpContext http, IEventPublisher publisher)
    {
        if (http.Request.Headers.ContainsKey(IdempotencyKeyHeader))
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest,
                $"The {IdempotencyKeyHeader} header is for POST /events; in a batch, give each event its own idempotency_key.");
        }

        var (document, error) = await JsonBody.ReadAsync(http.Request, MaxBatchBytes);
        if (error is not null)
        {
            return error;
        }

        using (document)
        {
            var root = document!.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("events", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "The request body must be a JSON object whose events field is an array of events.");
            }

            var count = list.GetArrayLength();
            if (count is 0 or > MaxBatch)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, $"The events field must hold from 1 to {MaxBatch} events; it holds {count}.");
            }

            var organizationId = ApiKeyFilter.OrganizationOf(http);
            var errors = new List<FieldError>();
            var events = new List<EventToPublish>(count);
            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                var prefix = $"events[{index++}].";
                if (item.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(new FieldError(prefix.TrimEnd('.'), $"{prefix.TrimEnd('.')}: each event must be a JSON object with event_name and payload."));
                    continue;
                }

                string? key = null;
                if (item.TryGetProperty("idempotency_key", out var keyElement))
                {
                    if (keyElement.ValueKind == JsonValueKind.String)
                    {
                        key = keyElement.GetString();
                    }
                    else
                    {
                        errors.Add(new FieldError(prefix + "idempotency_key", $"{prefix}idempotency_key: must be a string."));
                    }
                }

                events.Add(ReadEvent(item, prefix, organizationId, key, errors));
            }

            if (errors.Count > 0)
            {
                return ApiResults.BadRequest(errors);
            }

            try
            {
                var results = await publisher.PublishManyAsync(events, http.RequestAborted);
                var refused = results.SelectMany((r, i) => r.Errors.Select(e => Error($"events[{i}].", e.Field, e.Message))).ToList();
                return refused.Count > 0
                    ? ApiResults.BadRequest(refused)
                    : ApiResults.Result(results.Select(r => new AcceptedEvent(r.EventId, r.Duplicate)).ToList(), StatusCodes.Status202Accepted);
            }
            catch (EventIdTakenException taken)
            {
                return ApiResults.Error(StatusCodes.Status409Conflict, $"events[{taken.Index}].payload.event_metadata.event_id: {taken.Message}");
            }
        }
    }

    // The fields of one event; what is wrong goes to errors, each message starting with the prefix (a batch's index).
    private static EventToPublish ReadEvent(JsonElement item, string prefix, Guid organizationId, string? idempotencyKey, List<FieldError> errors)
    {
        string? name = null;
        if (item.TryGetProperty("event_name", out var nameElement))
        {
            if (nameElement.ValueKind == JsonValueKind.String)
            {
                name = nameElement.GetString();
            }
            else
            {
                errors.Add(Error(prefix, "event_name", "The event_name field must be a string."));
            }
        }

        var payload = "{}";
        if (item.TryGetProperty("payload", out var payloadElement))
        {
            if (payloadElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add(Error(prefix, "payload", "The payload field must be a JSON object."));
            }
            else
            {
                payload = payloadElement.GetRawText();
                if (payload.Length > JsonBody.MaxBytes)
                {
                    errors.Add(Error(prefix, "payload", $"The payload must be at most {JsonBody.MaxBytes / 1024} KiB."));
                }
            }
        }

        return new EventToPublish(organizationId, name, payload, IdempotencyKey: idempotencyKey);
    }

    private static FieldError Error(string prefix, string field, string message) =>
        new(prefix + field, prefix.Length == 0 ? message : $"{prefix}{field}: {message}");
}
