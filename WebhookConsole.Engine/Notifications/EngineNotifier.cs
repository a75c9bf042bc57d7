using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace WebhookConsole.Engine.Notifications;

/// <summary>
/// The engine pushes, the UI subscribes: components call <see cref="Subscribe"/> once and dispose the
/// returned handle. Handlers run on the publishing thread and must not block; a throwing handler is
/// logged and does not stop the others.
/// </summary>
public sealed partial class EngineNotifier(ILogger<EngineNotifier> logger)
{
    private ImmutableArray<Action<EngineChange>> _handlers = [];

    public IDisposable Subscribe(Action<EngineChange> handler)
    {
        ImmutableInterlocked.Update(ref _handlers, handlers => handlers.Add(handler));
        return new Subscription(this, handler);
    }

    public void Publish(EngineChange change)
    {
        foreach (var handler in _handlers)
        {
            try
            {
                handler(change);
            }
            catch (Exception ex)
            {
                Log.HandlerFailed(logger, change.Kind, ex);
            }
        }
    }

    private void Unsubscribe(Action<EngineChange> handler) =>
        ImmutableInterlocked.Update(ref _handlers, handlers => handlers.Remove(handler));

    private sealed class Subscription(EngineNotifier owner, Action<EngineChange> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unsubscribe(handler);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "A subscriber to {Kind} changes failed.")]
        public static partial void HandlerFailed(ILogger logger, EngineChangeKind kind, Exception exception);
    }
}
