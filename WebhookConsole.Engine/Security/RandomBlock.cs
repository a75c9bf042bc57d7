using System.Security.Cryptography;

namespace WebhookConsole.Engine.Security;

/// <summary>
/// Random bytes from the operating system's generator (<see cref="RandomNumberGenerator"/>), fetched a block at a time
/// and handed out once each: on Linux .NET makes one system call per request of the generator, about 1.4 µs on this
/// project's machine, where a nonce or an id needs only a few bytes. Not thread-safe: each thread keeps its own.
/// </summary>
internal sealed class RandomBlock(int size)
{
    private readonly byte[] _bytes = new byte[size];
    private int _next = size;

    /// <summary>Fills <paramref name="destination"/> with bytes no other call gets; they are wiped from the block.</summary>
    public void Take(Span<byte> destination)
    {
        if (_next + destination.Length > _bytes.Length)
        {
            RandomNumberGenerator.Fill(_bytes);
            _next = 0;
        }

        var taken = _bytes.AsSpan(_next, destination.Length);
        taken.CopyTo(destination);
        taken.Clear();
        _next += destination.Length;
    }
}
