using System.Text.Json;

namespace WebhookConsole.Api;

/// <summary>Reads a request body as JSON with clear errors: 415 for another content type, 413 past the size limit, 400 for bad JSON.</summary>
internal static class JsonBody
{
    public const int MaxBytes = 256 * 1024;

    public static async Task<(JsonDocument? Document, IResult? Error)> ReadAsync(HttpRequest request)
    {
        if (!request.HasJsonContentType())
        {
            return (null, ApiResults.Error(StatusCodes.Status415UnsupportedMediaType, "The request body must be JSON (Content-Type: application/json)."));
        }

        if (request.ContentLength > MaxBytes)
        {
            return (null, TooLarge());
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return (null, TooLarge());
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            return (JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 64 }), null);
        }
        catch (JsonException ex)
        {
            return (null, ApiResults.Error(StatusCodes.Status400BadRequest, $"The request body is not valid JSON: {ex.Message}"));
        }
    }

    private static IResult TooLarge() =>
        ApiResults.Error(StatusCodes.Status413PayloadTooLarge, $"The request body must be at most {MaxBytes / 1024} KiB.");
}
