using System.Threading.Channels;

namespace WebhookConsole.Engine.Operations;

/// <summary>
/// Where the engine raises operational events. A bounded queue: raising never blocks a delivery or a job, and when
/// the notifier falls 1000 events behind (a dead SMTP server) newer events are dropped rather than memory filled.
/// </summary>
public sealed class OperationalEvents
{
    private readonly Channel<OperationalEvent> _queue = Channel.CreateBounded<OperationalEvent>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public ChannelReader<OperationalEvent> Reader => _queue.Reader;

    /// <summary>Queues <paramref name="operationalEvent"/> for the notification channels; best effort.</summary>
    public void Raise(OperationalEvent operationalEvent) => _queue.Writer.TryWrite(operationalEvent);
}
