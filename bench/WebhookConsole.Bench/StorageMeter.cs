namespace WebhookConsole.Bench;

/// <summary>
/// Bytes the process has written to storage since <see cref="Start"/> (<c>write_bytes</c> of <c>/proc/self/io</c>, counted
/// when a page of a file is first dirtied: SQLite's database, its write-ahead log and nothing else in the benchmark). It
/// depends on what the engine writes per delivery, not on how busy the machine is, so it compares two builds even on a
/// day when deliveries per second do not. NaN where the kernel does not count it.
/// </summary>
public readonly struct StorageMeter
{
    private readonly long _start;

    private StorageMeter(long start) => _start = start;

    public static StorageMeter Start() => new(Read());

    public double KilobytesPer(long count) => count == 0 || _start < 0 ? double.NaN : (Read() - _start) / 1024.0 / count;

    private static long Read()
    {
        try
        {
            var line = File.ReadLines("/proc/self/io").FirstOrDefault(l => l.StartsWith("write_bytes:", StringComparison.Ordinal));
            return line is null ? -1 : long.Parse(line["write_bytes:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return -1;
        }
    }
}
