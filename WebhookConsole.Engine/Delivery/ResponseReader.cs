using System.Buffers;
using System.Text;

namespace WebhookConsole.Engine.Delivery;

/// <summary>Reads at most a bounded prefix of a response body, so a huge answer is never held whole in memory.</summary>
internal static class ResponseReader
{
    public static async Task<(string Text, bool Truncated)> ReadTextAsync(HttpResponseMessage response, int limit, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(limit + 1);
        try
        {
            var read = 0;
            while (read < limit + 1)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(read, limit + 1 - read), cancellationToken);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            var truncated = read > limit;
            return (Encoding.UTF8.GetString(buffer, 0, Math.Min(read, limit)), truncated);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
