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

    /// <summary>Headers with one value each, in their order.</summary>
    public static string Of(IEnumerable<KeyValuePair<string, string>> headers) => Write(headers, static (json, headers) =>
    {
        foreach (var (name, value) in headers)
        {
            Add(json, name, value);
        }
    });

    /// <summary>A request's headers as the log shows them: its content type and user agent first, then <paramref name="headers"/>, in their order.</summary>
    public static string Of(string contentType, string userAgent, IReadOnlyList<KeyValuePair<string, string>> headers) =>
        Write((contentType, userAgent, headers), static (json, request) =>
        {
            Add(json, "Content-Type", request.contentType);
            Add(json, "User-Agent", request.userAgent);
            for (var i = 0; i < request.headers.Count; i++)
            {
                Add(json, request.headers[i].Key, request.headers[i].Value);
            }
        });

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
