using System.Buffers.Binary;
using WebhookConsole.Engine.Security;

namespace WebhookConsole.Engine.Domain;

/// <summary>
/// UUIDv7 ids (RFC 9562): the creation time's Unix milliseconds first, then 74 random bits, the same layout as
/// <see cref="Guid.CreateVersion7(DateTimeOffset)"/>, whose random bits cost a system call per id on Linux
/// (two ids per delivery). These come from the operating system's generator too, a block at a time per thread.
/// </summary>
public static class TimeOrderedId
{
    [ThreadStatic]
    private static RandomBlock? t_random;

    /// <summary>A new id whose time part is <paramref name="createdAt"/>'s Unix milliseconds.</summary>
    public static Guid New(DateTimeOffset createdAt)
    {
        Span<byte> bytes = stackalloc byte[16];
        (t_random ??= new RandomBlock(4096)).Take(bytes[6..]);
        // The 48-bit time, big-endian, in bytes 0-5 (the two low bytes written here are the random ones put back below).
        var random67 = BinaryPrimitives.ReadUInt16BigEndian(bytes[6..]);
        BinaryPrimitives.WriteInt64BigEndian(bytes, createdAt.ToUnixTimeMilliseconds() << 16);
        BinaryPrimitives.WriteUInt16BigEndian(bytes[6..], (ushort)(0x7000 | (random67 & 0x0FFF)));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }
}
