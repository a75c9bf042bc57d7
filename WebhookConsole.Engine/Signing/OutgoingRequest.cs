namespace WebhookConsole.Engine.Signing;

/// <summary>The exact bytes and headers of one signed request, as they go on the wire.</summary>
public sealed record OutgoingRequest(byte[] Body, string ContentType, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    /// <summary>Which delivery this request is an attempt of, for its trace; never sent.</summary>
    public DeliveryTrace? Trace { get; init; }
}

/// <summary>The ids an attempt's trace carries (never a secret or the payload).</summary>
public sealed record DeliveryTrace(Guid DeliveryId, Guid EventId, string EventName, Guid WebhookId, Guid OrganizationId)
{
    public static DeliveryTrace Of(DeliveryContext context) =>
        new(context.DeliveryId, context.Event.Id, context.Event.Name, context.Webhook.Id, context.Organization.Id);
}
