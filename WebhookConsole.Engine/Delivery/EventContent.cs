using System.Globalization;
using System.Text.Json;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Privacy;
using WebhookConsole.Engine.Signing;

namespace WebhookConsole.Engine.Delivery;

/// <summary>
/// Gives every event SlashID's content shape: the payload with an <c>event_metadata</c> object carrying
/// <c>event_id</c>, <c>event_name</c>, <c>event_type</c>, <c>organization_id</c>, <c>source</c>, <c>timestamp</c> and
/// <c>is_test_event</c>, plus <c>organization_depth</c> (0 for a root organization, 1 or more for a sub-organization:
/// Asgardeo's <c>organization.depth</c>). What the publisher sent is kept (and checked); what it left out is filled in. The
/// <c>event_id</c> is the event's id, so a receiver matches the JWT <c>sub</c>, the websub <c>rci</c> and the
/// standard <c>id</c> to it.
/// </summary>
public static class EventContent
{
    public const string Metadata = "event_metadata";

    /// <summary>The <c>source</c> written when the publisher sends none: the value of SlashID's own example.</summary>
    public const int DefaultSource = 2;

    /// <summary>
    /// The event's content with <c>event_metadata</c> complete, its id, whether it is a test event, and the hashed subjects
    /// it mentions (found in the same parse: the metadata the hub completes names no person).
    /// </summary>
    public sealed record Shaped(Guid EventId, string Payload, bool IsTestEvent, IReadOnlyList<byte[]> Subjects);

    /// <summary><c>AuthenticationSucceeded_v1</c> → <c>AuthenticationSucceeded</c>: the name without its version.</summary>
    public static string EventTypeOf(string eventName)
    {
        var suffix = eventName.LastIndexOf("_v", StringComparison.Ordinal);
        return suffix >= 0 && suffix + 2 < eventName.Length && !eventName.AsSpan(suffix + 2).ContainsAnyExceptInRange('0', '9') ? eventName[..suffix] : eventName;
    }

    /// <summary>RFC 3339 in UTC to the second, as SlashID writes <c>timestamp</c>.</summary>
    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Checks <paramref name="payload"/> (a JSON object's text) and returns it with <c>event_metadata</c> complete.
    /// <paramref name="eventId"/> is used unless the payload's <c>event_metadata.event_id</c> names one.
    /// </summary>
    public static Shaped? Shape(string eventName, string payload, Guid organizationId, int organizationDepth, Guid eventId, bool isTestEvent, DateTimeOffset now,
        SubjectKeys subjects, List<FieldError> errors)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload);
        }
        catch (JsonException)
        {
            errors.Add(new FieldError("payload", "The payload must be valid JSON."));
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new FieldError("payload", "The payload must be a JSON object."));
                return null;
            }

            var metadata = default(JsonElement);
            if (root.TryGetProperty(Metadata, out var sent))
            {
                if (sent.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(new FieldError("payload.event_metadata", "The payload's event_metadata must be a JSON object."));
                    return null;
                }

                metadata = sent;
            }

            var before = errors.Count;
            var eventType = EventTypeOf(eventName);
            var id = ReadEventId(metadata, eventId, errors);
            Expect(metadata, "event_name", eventName, errors);
            Expect(metadata, "event_type", eventType, errors);
            ExpectOrganization(metadata, organizationId, errors);
            ExpectNumber(metadata, "organization_depth", organizationDepth, errors);
            var test = ReadIsTestEvent(metadata, isTestEvent, errors);
            CheckTimestamp(metadata, errors);
            CheckSource(metadata, errors);
            return errors.Count > before
                ? null
                : new Shaped(id, ScratchJson.ToText(new Content(root, metadata, eventName, eventType, organizationId, organizationDepth, id, test, now), Write), test,
                    subjects.Extract(root));
        }
    }

    private static Guid ReadEventId(JsonElement metadata, Guid eventId, List<FieldError> errors)
    {
        if (!TryGet(metadata, "event_id", out var sent))
        {
            return eventId;
        }

        if (sent.ValueKind == JsonValueKind.String && Guid.TryParse(sent.GetString(), out var id))
        {
            return id;
        }

        errors.Add(new FieldError("payload.event_metadata.event_id", "The payload's event_metadata.event_id must be a UUID (it becomes the event's id)."));
        return eventId;
    }

    // Compared where it lies in the document, without a copy of the value: this runs for every event.
    private static void Expect(JsonElement metadata, string name, string expected, List<FieldError> errors)
    {
        if (TryGet(metadata, name, out var sent) && !(sent.ValueKind == JsonValueKind.String && sent.ValueEquals(expected)))
        {
            Mismatch(name, expected, errors);
        }
    }

    // Any case of the id's usual form; its text is made only when the publisher sent one.
    private static void ExpectOrganization(JsonElement metadata, Guid organizationId, List<FieldError> errors)
    {
        const string Name = "organization_id";
        if (TryGet(metadata, Name, out var sent)
            && !(sent.ValueKind == JsonValueKind.String && string.Equals(sent.GetString(), organizationId.ToString(), StringComparison.OrdinalIgnoreCase)))
        {
            Mismatch(Name, organizationId.ToString(), errors);
        }
    }

    private static void Mismatch(string name, string expected, List<FieldError> errors) =>
        errors.Add(new FieldError($"payload.event_metadata.{name}", $"The payload's event_metadata.{name} must be \"{expected}\" (or be left out: it is filled in)."));

    private static void ExpectNumber(JsonElement metadata, string name, int expected, List<FieldError> errors)
    {
        if (TryGet(metadata, name, out var sent) && !(sent.ValueKind == JsonValueKind.Number && sent.TryGetInt32(out var value) && value == expected))
        {
            errors.Add(new FieldError($"payload.event_metadata.{name}", $"The payload's event_metadata.{name} must be {expected} (or be left out: it is filled in)."));
        }
    }

    private static bool ReadIsTestEvent(JsonElement metadata, bool isTestEvent, List<FieldError> errors)
    {
        if (!TryGet(metadata, "is_test_event", out var sent))
        {
            return isTestEvent;
        }

        if (sent.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return isTestEvent || sent.GetBoolean();
        }

        errors.Add(new FieldError("payload.event_metadata.is_test_event", "The payload's event_metadata.is_test_event must be true or false."));
        return isTestEvent;
    }

    private static void CheckTimestamp(JsonElement metadata, List<FieldError> errors)
    {
        if (TryGet(metadata, "timestamp", out var sent)
            && !(sent.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(sent.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out _)))
        {
            errors.Add(new FieldError("payload.event_metadata.timestamp", "The payload's event_metadata.timestamp must be an RFC 3339 time, for example 2026-11-21T12:00:00Z."));
        }
    }

    private static void CheckSource(JsonElement metadata, List<FieldError> errors)
    {
        if (TryGet(metadata, "source", out var sent) && sent.ValueKind is not (JsonValueKind.Number or JsonValueKind.String))
        {
            errors.Add(new FieldError("payload.event_metadata.source", "The payload's event_metadata.source must be a number or a string."));
        }
    }

    private static bool TryGet(JsonElement metadata, string name, out JsonElement value)
    {
        value = default;
        return metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty(name, out value);
    }

    // What the content is written from: the payload as parsed, and what the hub fills in.
    private readonly record struct Content(JsonElement Root, JsonElement Metadata, string EventName, string EventType, Guid OrganizationId, int OrganizationDepth,
        Guid Id, bool IsTestEvent, DateTimeOffset Now);

    // event_metadata first (SlashID's fields in their order, then any others the publisher added), then the payload's
    // own fields as sent, byte for byte.
    private static void Write(Utf8JsonWriter json, Content content)
    {
        var metadata = content.Metadata;
        json.WriteStartObject();
        json.WriteStartObject(Metadata);
        json.WriteString("event_id", content.Id);
        json.WriteString("event_name", content.EventName);
        json.WriteString("event_type", content.EventType);
        json.WriteString("organization_id", content.OrganizationId);
        json.WriteNumber("organization_depth", content.OrganizationDepth);
        if (TryGet(metadata, "source", out var source))
        {
            json.WritePropertyName("source");
            source.WriteTo(json);
        }
        else
        {
            json.WriteNumber("source", DefaultSource);
        }

        if (TryGet(metadata, "timestamp", out var timestamp))
        {
            json.WriteString("timestamp", timestamp.GetString());
        }
        else
        {
            json.WriteString("timestamp", Timestamp(content.Now));
        }

        json.WriteBoolean("is_test_event", content.IsTestEvent);
        if (metadata.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in metadata.EnumerateObject())
            {
                if (!IsKnownMetadata(property))
                {
                    property.WriteTo(json);
                }
            }
        }

        json.WriteEndObject();
        foreach (var property in content.Root.EnumerateObject())
        {
            if (!property.NameEquals(Metadata))
            {
                property.WriteTo(json);
            }
        }

        json.WriteEndObject();
    }

    // The fields written above, matched on the name's UTF-8 where it lies rather than on a copy of it.
    private static bool IsKnownMetadata(JsonProperty property) =>
        property.NameEquals("event_id"u8) || property.NameEquals("event_name"u8) || property.NameEquals("event_type"u8)
        || property.NameEquals("organization_id"u8) || property.NameEquals("organization_depth"u8) || property.NameEquals("source"u8)
        || property.NameEquals("timestamp"u8) || property.NameEquals("is_test_event"u8);
}
