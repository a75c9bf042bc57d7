using System.Security.Cryptography;

namespace WebhookConsole.Engine.Security;

/// <summary>
/// The 256-bit key that encrypts the Data Protection key ring before it is stored in the database, so a copy of
/// the database alone (a backup, a leaked file) does not reveal webhook secrets or custom header values. It comes
/// from <c>DataProtection:MasterKey</c> (base64; set the same value on every node) or else from the file
/// <c>DataProtection:MasterKeyFile</c> (default <c>data/keys/master.key</c>), created on first start, owner-only.
/// </summary>
public sealed class MasterKey
{
    public const int Size = 32;

    private MasterKey(byte[] key) => Key = key;

    internal byte[] Key { get; }

    public static MasterKey Load(string? base64, string filePath)
    {
        if (!string.IsNullOrWhiteSpace(base64))
        {
            return new MasterKey(Decode(base64, "DataProtection:MasterKey"));
        }

        if (File.Exists(filePath))
        {
            return new MasterKey(Decode(File.ReadAllText(filePath).Trim(), filePath));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(filePath)!);
        var key = RandomNumberGenerator.GetBytes(Size);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new FileStream(filePath, options))
        using (var writer = new StreamWriter(file))
        {
            writer.Write(Convert.ToBase64String(key));
        }

        return new MasterKey(key);
    }

    private static byte[] Decode(string base64, string source)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{source} must be the base64 of {Size} bytes.");
        }

        return key.Length == Size ? key : throw new InvalidOperationException($"{source} must be the base64 of {Size} bytes, not {key.Length}.");
    }
}
