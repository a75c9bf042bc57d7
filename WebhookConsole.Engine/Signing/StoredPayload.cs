using System.Text.Json;

namespace WebhookConsole.Engine.Signing;

/// <summary>
/// How every wire format copies an event's payload into a request body: as it is stored, unchecked. The hub wrote every
/// payload itself (<see cref="Delivery.EventContent"/>, a sync hook's content and a notification's data, each serialized
/// by the hub) and its ciphertext is authenticated, so checking it again, token by token, for every attempt would only
/// spend CPU. An empty one (its body removed) is still checked, and refused.
/// </summary>
internal static class StoredPayload
{
    public static void WriteStoredPayload(this Utf8JsonWriter json, string payload) =>
        json.WriteRawValue(payload, skipInputValidation: payload.Length > 0);
}
