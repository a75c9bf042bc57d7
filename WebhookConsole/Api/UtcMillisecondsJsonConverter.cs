using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace WebhookConsole.Api;

/// <summary>
/// Writes times as UTC with milliseconds (<c>2026-11-21T12:00:00.123Z</c>): the database keeps milliseconds, so a
/// webhook's <c>created_at</c> reads the same in the create response as in every later read.
/// </summary>
internal sealed class UtcMillisecondsJsonConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
}
