namespace WebhookConsole.Engine.Catalog;

/// <summary>
/// One event trigger of SlashID's trigger API with its channel and the URI that keys it in a SET payload (Asgardeo's WebSub guide):
/// WSO2's URI where WSO2 has the same event, otherwise a URN of this product.
/// </summary>
public sealed record EventType(string Name, EventChannel Channel, string EventUri);
