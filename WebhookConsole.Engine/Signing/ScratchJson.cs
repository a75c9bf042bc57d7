using System.Buffers;
using System.Text;
using System.Text.Json;

namespace WebhookConsole.Engine.Signing;

/// <summary>
/// JSON written on the hot path (a request's body, an attempt's headers) into one buffer of the calling thread's, then
/// copied out once at its exact length. The buffer is wiped after each use (a body holds the payload) and kept for the
/// thread's next one unless it grew past 64 KB.
/// </summary>
internal static class ScratchJson
{
    private const int KeptCapacity = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    public static byte[] ToBytes<T>(T state, Action<Utf8JsonWriter, T> write) => Write(state, write, static written => written.ToArray());

    public static string ToText<T>(T state, Action<Utf8JsonWriter, T> write) => Write(state, write, static written => Encoding.UTF8.GetString(written));

    private static TResult Write<T, TResult>(T state, Action<Utf8JsonWriter, T> write, Func<ReadOnlySpan<byte>, TResult> copy)
    {
        // Taken from the thread while in use, so a write inside another gets a buffer of its own.
        var buffer = t_buffer ?? new ArrayBufferWriter<byte>(4096);
        t_buffer = null;
        try
        {
            using (var json = new Utf8JsonWriter(buffer))
            {
                write(json, state);
            }

            return copy(buffer.WrittenSpan);
        }
        finally
        {
            buffer.Clear();
            if (buffer.Capacity <= KeptCapacity)
            {
                t_buffer = buffer;
            }
        }
    }
}
