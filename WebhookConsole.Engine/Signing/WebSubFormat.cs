using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Signing;

/// <summary>
/// The wire format of Asgardeo's WebSub guide: a Security Event Token shaped JSON body (RFC 8417: <c>iss</c>, <c>jti</c>,
/// <c>iat</c> in milliseconds, <c>rci</c>, <c>events</c> keyed by event URI) signed with <c>x-hub-signature</c>.
/// </summary>
public sealed class WebSubFormat : IWireFormat
{
    public WebhookFormat Format => WebhookFormat.WebSub;

    public OutgoingRequest Build(DeliveryContext context)
    {
        var eventType = EventCatalog.FindEvent(context.Event.Name)
            ?? throw new InvalidOperationException($"Event type {context.Event.Name} is not in the catalog.");
        var issuer = $"{context.PublicBaseUrl}/t/{context.Organization.Handle}";
        var body = WriteBody(issuer, context.DeliveryId, context.Event, eventType.EventUri);
        var secret = context.Secret ?? throw new InvalidOperationException("A websub webhook needs a secret.");
        return new OutgoingRequest(body, "application/json", [new(HubSignature.HeaderName, HubSignature.Compute(secret, body))],
            RebuiltRequestBody.WebSub(issuer, eventType.EventUri));
    }

    // jti is the delivery id and rci the event id: both stay the same across attempts for deduplication,
    // and iat is when the event was accepted, so a retry carries the same body as the first attempt.
    internal static byte[] WriteBody(string issuer, Guid deliveryId, WebhookEvent @event, string eventUri) =>
        ScratchJson.ToBytes((issuer, deliveryId, @event, eventUri), static (json, body) =>
        {
            json.WriteStartObject();
            json.WriteString("iss", body.issuer);
            json.WriteString("jti", body.deliveryId);
            json.WriteNumber("iat", body.@event.ReceivedAt.ToUnixTimeMilliseconds());
            json.WriteString("rci", body.@event.Id);
            json.WriteStartObject("events");
            json.WritePropertyName(body.eventUri);
            json.WriteStoredPayload(body.@event.Payload);
            json.WriteEndObject();
            json.WriteEndObject();
        });
}
