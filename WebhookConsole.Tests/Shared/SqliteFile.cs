using Microsoft.Data.Sqlite;

namespace WebhookConsole.Tests.Shared;

/// <summary>Reads an app's SQLite file directly, read-only: what was really written, seen from outside the app.</summary>
public static class SqliteFile
{
    public static object? Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>
    /// <paramref name="id"/> as a literal of SQLite's SQL, the way the hub stores ids there: its 16 bytes, big-endian
    /// (written out here rather than by the hub's converter, so a test reading rows checks the stored form).
    /// </summary>
    public static string IdLiteral(Guid id) => $"x'{Convert.ToHexString(IdBytes(id))}'";

    /// <summary><paramref name="id"/> as the bytes SQLite holds, for a parameter of a test's own statement.</summary>
    public static byte[] IdBytes(Guid id) => id.ToByteArray(bigEndian: true);

    /// <summary>An id read back from the bytes SQLite holds.</summary>
    public static Guid IdFrom(byte[] stored) => stored.Length == 16 ? new Guid(stored, bigEndian: true) : throw new FormatException($"Expected 16 bytes, read {stored.Length}.");

    public static int Count(string path, string table) => (int)(long)Scalar(path, $"SELECT COUNT(*) FROM {table}")!;

    /// <summary>
    /// The bytes of the database file and of its write-ahead log (empty when there is none), read as they are while the
    /// app holds them open, without a checkpoint: a copy of both is what a backup or a thief would get.
    /// </summary>
    public static (byte[] File, byte[] Wal) ReadBytes(string path) => (ReadShared(path), File.Exists(path + "-wal") ? ReadShared(path + "-wal") : []);

    /// <summary>Folds the write-ahead log into the file and truncates it.</summary>
    public static void Checkpoint(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        checkpoint.ExecuteNonQuery();
    }

    private static byte[] ReadShared(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        file.CopyTo(copy);
        return copy.ToArray();
    }
}
