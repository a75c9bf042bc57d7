using System.Diagnostics;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Diagnostics;

/// <summary>
/// The engine's traces (activity source <c>WebhookConsole.Delivery</c>): a <c>publish</c> span per accepted event and
/// a <c>deliver</c> span per delivery attempt, each attempt its own trace, linked to its event's.
/// </summary>
/// <remarks>
/// An attempt may be sent by another node, after a restart, or days later, so the link cannot come from memory; and
/// the claimed-rows loader is shared with the scheduler, so it is not stored either. Instead an event's trace id is
/// its id (both are 16 random-enough bytes; UUIDv7's time prefix keeps it non-zero) and its publish span hangs under
/// a span id derived from the id. Any attempt can rebuild that context from the event id alone, and an operator finds an
/// event's trace by its id: trace <c>0197c1d2…</c> is event <c>0197c1d2-…</c>.
/// </remarks>
public static class DeliveryTracing
{
    public const string SourceName = "WebhookConsole.Delivery";

    public const string EventIdTag = "webhookconsole.event.id";
    public const string EventTypeTag = "webhookconsole.event.type";
    public const string OrganizationIdTag = "webhookconsole.organization.id";
    public const string WebhookIdTag = "webhookconsole.webhook.id";
    public const string DeliveryIdTag = "webhookconsole.delivery.id";
    public const string DeliveriesTag = "webhookconsole.event.deliveries";
    public const string DuplicateTag = "webhookconsole.event.duplicate";
    public const string OutcomeTag = "webhookconsole.attempt.outcome";
    public const string StatusCodeTag = "http.response.status_code";

    /// <summary>
    /// Set on an outgoing request whose URL is a secret (a Slack incoming webhook, the operational webhook): telemetry
    /// leaves it out, so no trace carries the URL.
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> SecretUrl = new("WebhookConsole.SecretUrl");

    public static readonly ActivitySource Source = new(SourceName, typeof(DeliveryTracing).Assembly.GetName().Version?.ToString());

    /// <summary>The context of <paramref name="eventId"/>'s trace: what its publish span hangs under and attempts link to.</summary>
    public static ActivityContext EventContext(Guid eventId)
    {
        Span<byte> bytes = stackalloc byte[16];
        eventId.TryWriteBytes(bytes, bigEndian: true, out _);
        var traceId = ActivityTraceId.CreateFromBytes(bytes);
        // The span id: the id's last 8 bytes (UUIDv7's random part), never all zero.
        bytes[15] |= 1;
        return new ActivityContext(traceId, ActivitySpanId.CreateFromBytes(bytes[8..]), ActivityTraceFlags.Recorded, isRemote: true);
    }

    /// <summary>Starts the span of one accepted event, in the event's own trace, linked to the caller's (e.g. the HTTP request).</summary>
    public static Activity? StartPublish(Guid eventId, string eventName, Guid organizationId)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var links = Activity.Current is { } caller ? new[] { new ActivityLink(caller.Context) } : null;
        var activity = Source.StartActivity(ActivityKind.Producer, EventContext(eventId), links: links, name: "publish " + eventName);
        activity?.SetTag(EventIdTag, eventId.ToString());
        activity?.SetTag(EventTypeTag, eventName);
        activity?.SetTag(OrganizationIdTag, organizationId.ToString());
        return activity;
    }

    /// <summary>Starts the span of one delivery attempt: a new trace, linked to its event's.</summary>
    public static Activity? StartAttempt(DeliveryTrace trace)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        // A root: the dispatcher's own context (whatever it was doing before) is not this attempt's parent.
        var previous = Activity.Current;
        Activity.Current = null;
        var activity = Source.StartActivity(ActivityKind.Consumer, default(ActivityContext),
            links: [new ActivityLink(EventContext(trace.EventId))], name: "deliver " + trace.EventName);
        if (activity is null)
        {
            Activity.Current = previous;
            return null;
        }

        activity.SetTag(EventIdTag, trace.EventId.ToString());
        activity.SetTag(EventTypeTag, trace.EventName);
        activity.SetTag(WebhookIdTag, trace.WebhookId.ToString());
        activity.SetTag(DeliveryIdTag, trace.DeliveryId.ToString());
        activity.SetTag(OrganizationIdTag, trace.OrganizationId.ToString());
        return activity;
    }

    /// <summary>Ends an attempt's span with what happened: the status code (if any) and the outcome.</summary>
    public static void EndAttempt(Activity? activity, int? statusCode, AttemptError error)
    {
        if (activity is null)
        {
            return;
        }

        if (statusCode is { } code)
        {
            activity.SetTag(StatusCodeTag, code);
        }

        activity.SetTag(OutcomeTag, error.ToWord());
        activity.SetStatus(error == AttemptError.None ? ActivityStatusCode.Ok : ActivityStatusCode.Error);
        activity.Stop();
    }
}
