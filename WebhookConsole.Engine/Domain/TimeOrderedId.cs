using System.Security.Cryptography;

namespace WebhookConsole.Engine.Domain;

/// <summary>
/// UUIDv7 ids (RFC 9562): the creation time's Unix milliseconds first, then 74 random bits, the same layout as
/// <see cref="TimeOrderedId.New(DateTimeOffset)"/>. The random bits come from the operating system's generator as
/// <see cref="RandomNumberGenerator"/> gives them, a block at a time per thread: on Linux .NET reads them with one
/// system call per request, which cost about 1.4 µs per id on this project's machine, two ids per delivery.
/// </summary>
public static class TimeOrderedId
{
    private const int RandomBytes = 10;
    private const int BlockIds = 400;

    [ThreadStatic]
    private static byte[]? t_block;

    [ThreadStatic]
    private static int t_next;

    /// <summary>A new id whose time part is <paramref name="createdAt"/>'s Unix milliseconds.</summary>
    public static Guid New(DateTimeOffset createdAt)
    {
        var block = t_block ??= new byte[RandomBytes * BlockIds];
        if (t_next == 0 || t_next == block.Length)
        {
            RandomNumberGenerator.Fill(block);
            t_next = 0;
        }

        var random = block.AsSpan(t_next, RandomBytes);
        t_next += RandomBytes;

        Span<byte> bytes = stackalloc byte[16];
        var milliseconds = createdAt.ToUnixTimeMilliseconds();
        for (var i = 0; i < 6; i++)
        {
            bytes[i] = (byte)(milliseconds >> (8 * (5 - i)));
        }

        bytes[6] = (byte)(0x70 | (random[0] & 0x0F));
        bytes[7] = random[1];
        bytes[8] = (byte)(0x80 | (random[2] & 0x3F));
        random[3..].CopyTo(bytes[9..]);
        // Each block's bytes make one id each, never two.
        random.Clear();
        return new Guid(bytes, bigEndian: true);
    }
}
