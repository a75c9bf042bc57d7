using System.Buffers;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace WebhookConsole.Engine.Delivery;

/// <summary>
/// Headers as the delivery log stores them: a JSON object of each name and its values (<c>{"Name":["value"]}</c>),
/// written straight to UTF-8 on every attempt, without the dictionaries and serializer a general mapping would take.
/// </summary>
internal static class HeaderJson
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    /// <summary>A response's headers and its content's headers as the receiver sent them (not re-parsed).</summary>
    public static string Of(HttpResponseMessage response) => Write(response, static (json, response) =>
    {
        Add(json, response.Headers.NonValidated);
        Add(json, response.Content.Headers.NonValidated);
    });

    /// <summary>Headers with one value each, in their order.</summary>
    public static string Of(IEnumerable<KeyValuePair<string, string>> headers) => Write(headers, static (json, headers) =>
    {
        foreach (var (name, value) in headers)
        {
            json.WriteStartArray(name);
            json.WriteStringValue(value);
            json.WriteEndArray();
        }
    });

    private static void Add(Utf8JsonWriter json, HttpHeadersNonValidated headers)
    {
        foreach (var (name, values) in headers)
        {
            json.WriteStartArray(name);
            foreach (var value in values)
            {
                json.WriteStringValue(value);
            }

            json.WriteEndArray();
        }
    }

    private static string Write<T>(T source, Action<Utf8JsonWriter, T> properties)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            properties(json, source);
            json.WriteEndObject();
        }

        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        if (buffer.Capacity > 64 * 1024)
        {
            t_buffer = null; // a large answer's buffer is not kept by the thread
        }

        return text;
    }
}
