namespace WebhookConsole.Engine.Signing;

/// <summary>The exact bytes and headers of one signed request, as they go on the wire.</summary>
/// <param name="BodyRecipe">What the delivery log stores instead of <paramref name="Body"/> when the body can be rebuilt
/// byte for byte (<see cref="RebuiltRequestBody"/>); null when it must be stored whole.</param>
public sealed record OutgoingRequest(byte[] Body, string ContentType, IReadOnlyList<KeyValuePair<string, string>> Headers, string? BodyRecipe = null);
