using System.Collections.Concurrent;

namespace WebhookConsole.Engine.Diagnostics;

/// <summary>
/// The background loops' sign of life for <c>/readyz</c>: each loop calls <see cref="Beat"/> on every iteration
/// and after each request it sends, so silence longer than a few polls plus one request means it is stuck or gone.
/// A beat is one timestamp write, cheap enough for every attempt.
/// </summary>
public sealed class WorkerHeartbeat
{
    public const string DeliveryDispatcher = nameof(DeliveryDispatcher);
    public const string VerificationWorker = nameof(VerificationWorker);

    private readonly ConcurrentDictionary<string, Slot> _beats = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public WorkerHeartbeat(TimeProvider time)
    {
        _time = time;
        StartedAt = time.GetUtcNow();
    }

    /// <summary>When this process's heartbeat began: a worker that has not beaten yet counts from here.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>Records that <paramref name="worker"/> is alive now.</summary>
    public void Beat(string worker) =>
        Interlocked.Exchange(ref _beats.GetOrAdd(worker, static _ => new Slot()).UnixMilliseconds, _time.GetUtcNow().ToUnixTimeMilliseconds());

    /// <summary>When <paramref name="worker"/> last beat, or null when it never has.</summary>
    public DateTimeOffset? LastBeat(string worker) =>
        _beats.TryGetValue(worker, out var box) ? DateTimeOffset.FromUnixTimeMilliseconds(Interlocked.Read(ref box.UnixMilliseconds)) : null;

    private sealed class Slot
    {
        public long UnixMilliseconds;
    }
}
