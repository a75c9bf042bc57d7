using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace WebhookConsole.Engine.Persistence;

/// <summary>
/// Stores a <see cref="Guid"/> on SQLite as its 16 bytes in big-endian order: the order of its text form, so a
/// version 7 id (time first) sorts by time as a blob and every insert appends to the end of its indexes. Half the size
/// of the 36-character text, in every table and index that holds an id. EF Core's own Guid-to-bytes mapping is the
/// mixed-endian <see cref="Guid.ToByteArray()"/>, which would scatter those inserts.
/// </summary>
public sealed class BigEndianGuidConverter() : ValueConverter<Guid, byte[]>(value => ToBytes(value), value => FromBytes(value))
{
    /// <summary>The 16 bytes of <paramref name="id"/> as stored.</summary>
    public static byte[] ToBytes(Guid id) => id.ToByteArray(bigEndian: true);

    /// <summary>An id read back from its stored bytes.</summary>
    public static Guid FromBytes(byte[] stored) => new(stored, bigEndian: true);
}
