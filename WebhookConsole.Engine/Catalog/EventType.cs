namespace WebhookConsole.Engine.Catalog;

/// <summary>
/// One event trigger of seed 002 with its channel and the URI that keys it in a SET payload (seed 003):
/// WSO2's URI where WSO2 has the same event, otherwise a URN of this product.
/// </summary>
public sealed record EventType(string Name, EventChannel Channel, string EventUri);
