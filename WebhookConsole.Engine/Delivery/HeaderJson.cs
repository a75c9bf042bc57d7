using System.Net.Http.Headers;
using System.Text.Json;
using WebhookConsole.Engine.Signing;

namespace WebhookConsole.Engine.Delivery;

/// <summary>
/// Headers as the delivery log stores them: a JSON object of each name and its values (<c>{"Name":["value"]}</c>),
/// written straight to UTF-8 on every attempt, without the dictionaries and serializer a general mapping would take.
/// </summary>
internal static class HeaderJson
{
    /// <summary>A response's headers and its content's headers as the receiver sent them (not re-parsed).</summary>
    public static string Of(HttpResponseMessage response) => Write(response, static (json, response) =>
    {
        Add(json, response.Headers.NonValidated);
        Add(json, response.Content.Headers.NonValidated);
    });

    /// <summary>
    /// Headers with one value each, in their order; a name that comes again (whatever its case) keeps its first place
    /// and takes its last value. A handful of headers: comparing them pairwise costs less than a dictionary.
    /// </summary>
    public static string Of(IReadOnlyList<KeyValuePair<string, string>> headers) => Write(headers, static (json, headers) =>
    {
        for (var i = 0; i < headers.Count; i++)
        {
            if (!NamedBefore(headers, i))
            {
                Add(json, headers[i].Key, LastValueOf(headers, i));
            }
        }
    });

    private static bool NamedBefore(IReadOnlyList<KeyValuePair<string, string>> headers, int index)
    {
        for (var i = 0; i < index; i++)
        {
            if (headers[i].Key.Equals(headers[index].Key, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string LastValueOf(IReadOnlyList<KeyValuePair<string, string>> headers, int index)
    {
        for (var i = headers.Count - 1; i > index; i--)
        {
            if (headers[i].Key.Equals(headers[index].Key, StringComparison.OrdinalIgnoreCase))
            {
                return headers[i].Value;
            }
        }

        return headers[index].Value;
    }

    private static void Add(Utf8JsonWriter json, string name, string value)
    {
        json.WriteStartArray(name);
        json.WriteStringValue(value);
        json.WriteEndArray();
    }

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

    private static string Write<T>(T source, Action<Utf8JsonWriter, T> properties) => ScratchJson.ToText((source, properties), static (json, state) =>
    {
        json.WriteStartObject();
        state.properties(json, state.source);
        json.WriteEndObject();
    });
}
