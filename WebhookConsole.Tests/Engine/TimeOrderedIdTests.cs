using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Tests.Engine;

public sealed class TimeOrderedIdTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 4, 40, 12, 345, TimeSpan.Zero);

    [Fact]
    public void New_HasTheLayoutOfDotNetsVersion7()
    {
        var id = TimeOrderedId.New(At);
        var reference = Guid.CreateVersion7(At);

        Assert.Equal(7, id.Version);
        // RFC 9562's variant, the bits 10 at the top of the variant nibble, as .NET writes it.
        Assert.Equal(0b10, reference.Variant >> 2);
        Assert.Equal(0b10, id.Variant >> 2);
        // The time part ("xxxxxxxx-xxxx-7"): the same milliseconds, written where .NET writes them.
        Assert.Equal(reference.ToString()[..15], id.ToString()[..15]);
        Assert.Equal(At.ToUnixTimeMilliseconds(), Convert.ToInt64(id.ToString("N")[..12], 16));
    }

    [Fact]
    public void New_ManyAtOnceAndAcrossThreads_AreAllDistinct()
    {
        // Several blocks of random bytes per thread, so the refills are crossed too.
        const int PerThread = 2_000;
        var ids = new Guid[4][];
        Parallel.For(0, ids.Length, t => ids[t] = [.. Enumerable.Range(0, PerThread).Select(_ => TimeOrderedId.New(At))]);

        var all = ids.SelectMany(i => i).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.All(all, id => Assert.Equal(7, id.Version));
    }

    [Fact]
    public void New_LaterTime_SortsAfterInTextAndBigEndianBytes()
    {
        var earlier = TimeOrderedId.New(At);
        var later = TimeOrderedId.New(At.AddMilliseconds(1));

        Assert.True(string.CompareOrdinal(earlier.ToString(), later.ToString()) < 0);
        Assert.True(earlier.ToByteArray(bigEndian: true).AsSpan().SequenceCompareTo(later.ToByteArray(bigEndian: true)) < 0);
    }

    [Fact]
    public void New_RandomPart_VariesWithinOneMillisecond()
    {
        var ids = Enumerable.Range(0, 64).Select(_ => TimeOrderedId.New(At).ToString("N")[12..]).ToHashSet();

        Assert.Equal(64, ids.Count);
    }
}
