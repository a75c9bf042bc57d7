namespace WebhookConsole.Engine.Scheduling;

/// <summary>
/// Numbers deliveries in the order their events were accepted: Unix microseconds of the accepting clock, raised
/// by one where two would tie, so strictly increasing within a process and ordered by acceptance time across
/// processes and restarts. FIFO endpoints are served in this order.
/// </summary>
public sealed class AcceptanceSequence(TimeProvider time)
{
    private long _last;

    public long Next()
    {
        var now = (time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10;
        while (true)
        {
            var last = Interlocked.Read(ref _last);
            var next = Math.Max(now, last + 1);
            if (Interlocked.CompareExchange(ref _last, next, last) == last)
            {
                return next;
            }
        }
    }
}
