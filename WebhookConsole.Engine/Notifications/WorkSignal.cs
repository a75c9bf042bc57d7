using System.Threading.Channels;

namespace WebhookConsole.Engine.Notifications;

/// <summary>Wakes a background worker at once when new work is stored; many signals while it is busy count as one.</summary>
public abstract class WorkSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => _channel.Writer.TryWrite(true);

    /// <summary>Completes when signalled or when <paramref name="poll"/> has passed, whichever is first.</summary>
    public async Task WaitAsync(TimeSpan poll, TimeProvider time, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(poll, time, wait.Token);
        var signalled = _channel.Reader.WaitToReadAsync(wait.Token).AsTask();
        await Task.WhenAny(delay, signalled);
        await wait.CancelAsync();
        _channel.Reader.TryRead(out _);
        cancellationToken.ThrowIfCancellationRequested();
    }
}

/// <summary>New deliveries are due: wakes the delivery dispatchers.</summary>
public sealed class DispatchSignal : WorkSignal;

/// <summary>A channel verification is pending: wakes the verification worker.</summary>
public sealed class VerificationSignal : WorkSignal;
