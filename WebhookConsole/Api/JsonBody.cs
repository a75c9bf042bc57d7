using System.Text.Json;
using System.Text.Unicode;

namespace WebhookConsole.Api;

/// <summary>Reads a request body as JSON with clear errors: 415 for another content type, 413 past the size limit, 400 for bad JSON.</summary>
internal static class JsonBody
{
    public const int MaxBytes = 256 * 1024;

    public static async Task<(JsonDocument? Document, IResult? Error)> ReadAsync(HttpRequest request, int maxBytes = MaxBytes)
    {
        if (!request.HasJsonContentType())
        {
            return (null, ApiResults.Error(StatusCodes.Status415UnsupportedMediaType, "The request body must be JSON (Content-Type: application/json)."));
        }

        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return (null, TooLarge(maxBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        // JSON is UTF-8 (RFC 8259 8.1): a body declared in another charset would be read wrongly, so it is refused.
        if (request.GetTypedHeaders().ContentType?.Charset is { Length: > 0 } charset
            && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            return (null, ApiResults.Error(StatusCodes.Status415UnsupportedMediaType, "The request body must be UTF-8 JSON (charset utf-8 or none)."));
        }

        var bytes = buffer.ToArray();
        // The parser checks UTF-8 only when a string is read; invalid bytes would then throw deep in a handler (a 500).
        if (!Utf8.IsValid(bytes))
        {
            return (null, ApiResults.Error(StatusCodes.Status400BadRequest, "The request body is not valid JSON: it contains bytes that are not UTF-8."));
        }

        JsonDocument? document = null;
        try
        {
            // Duplicate keys are refused: which of two "name"s wins is a guess a caller should not have to make.
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 64, AllowDuplicateProperties = false });
            if (FirstBadString(document.RootElement) is { } path)
            {
                document.Dispose();
                return (null, ApiResults.Error(StatusCodes.Status400BadRequest, $"The request body is not valid JSON: the string at {path} is not valid Unicode (a lone surrogate escape)."));
            }

            return (document, null);
        }
        catch (JsonException ex)
        {
            document?.Dispose();
            return (null, ApiResults.Error(StatusCodes.Status400BadRequest, $"The request body is not valid JSON: {ex.Message}"));
        }
    }

    // "\ud800" is valid JSON grammar but no string: GetString throws. Every string and property name is tried once here.
    private static string? FirstBadString(JsonElement element, string path = "$")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return TryRead(element.GetString) ? null : path;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var name = "";
                    if (!TryRead(() => name = property.Name))
                    {
                        return path;
                    }

                    if (FirstBadString(property.Value, $"{path}.{name}") is { } bad)
                    {
                        return bad;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FirstBadString(item, $"{path}[{index++}]") is { } bad)
                    {
                        return bad;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static bool TryRead(Func<string?> read)
    {
        try
        {
            read();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static IResult TooLarge(int maxBytes) =>
        ApiResults.Error(StatusCodes.Status413PayloadTooLarge, maxBytes % (1024 * 1024) == 0
            ? $"The request body must be at most {maxBytes / 1024 / 1024} MiB."
            : $"The request body must be at most {maxBytes / 1024} KiB.");
}
