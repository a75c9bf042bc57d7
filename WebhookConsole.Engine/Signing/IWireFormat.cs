using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Signing;

/// <summary>Builds and signs the request of one <see cref="WebhookFormat"/>.</summary>
public interface IWireFormat
{
    WebhookFormat Format { get; }

    OutgoingRequest Build(DeliveryContext context);
}
