namespace WebhookConsole.Engine.Signing;

/// <summary>The exact bytes and headers of one signed request, as they go on the wire.</summary>
public sealed record OutgoingRequest(byte[] Body, string ContentType, IReadOnlyList<KeyValuePair<string, string>> Headers);
