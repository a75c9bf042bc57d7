using System.Buffers;
using System.Text;
using System.Text.Json;

namespace WebhookConsole.Engine.Signing;

/// <summary>
/// JSON written on the hot path (an event's content, a request's body, an attempt's headers) into one buffer of the
/// calling thread's, through one writer of its own, then copied out once at its exact length. The buffer is wiped after
/// each use (a body holds the payload) and kept for the thread's next one unless it grew past 64 KB.
/// </summary>
internal static class ScratchJson
{
    private const int KeptCapacity = 64 * 1024;

    [ThreadStatic]
    private static Scratch? t_scratch;

    public static byte[] ToBytes<T>(T state, Action<Utf8JsonWriter, T> write) => Write(state, write, static written => written.ToArray());

    public static string ToText<T>(T state, Action<Utf8JsonWriter, T> write) => Write(state, write, static written => Encoding.UTF8.GetString(written));

    private static TResult Write<T, TResult>(T state, Action<Utf8JsonWriter, T> write, Func<ReadOnlySpan<byte>, TResult> copy)
    {
        // Taken from the thread while in use, so a write inside another gets a buffer of its own.
        var scratch = t_scratch ?? new Scratch();
        t_scratch = null;
        try
        {
            write(scratch.Json, state);
            scratch.Json.Flush();
            return copy(scratch.Buffer.WrittenSpan);
        }
        finally
        {
            // Flushed first, so what a failed write left pending is counted as written and wiped with the rest.
            scratch.Json.Flush();
            scratch.Buffer.Clear();
            scratch.Json.Reset(scratch.Buffer);
            if (scratch.Buffer.Capacity <= KeptCapacity)
            {
                t_scratch = scratch;
            }
        }
    }

    // One thread's buffer and the writer over it, both reused.
    private sealed class Scratch
    {
        public Scratch() => Json = new Utf8JsonWriter(Buffer);

        public ArrayBufferWriter<byte> Buffer { get; } = new(4096);

        public Utf8JsonWriter Json { get; }
    }
}
