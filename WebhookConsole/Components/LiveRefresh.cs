using WebhookConsole.Engine.Notifications;

namespace WebhookConsole.Components;

/// <summary>
/// Re-renders a component when the engine reports a change it cares about. Changes that arrive while a
/// refresh runs are coalesced into one more refresh, so a burst of deliveries costs two queries, not hundreds.
/// </summary>
public sealed class LiveRefresh : IDisposable
{
    private readonly Func<EngineChange, bool> _filter;
    private readonly Func<Task> _refresh;
    private readonly Func<Func<Task>, Task> _invokeAsync;
    private readonly IDisposable _subscription;
    private int _state; // 0 idle, 1 running, 2 running and dirty

    public LiveRefresh(EngineNotifier notifier, Func<EngineChange, bool> filter, Func<Task> refresh, Func<Func<Task>, Task> invokeAsync)
    {
        _filter = filter;
        _refresh = refresh;
        _invokeAsync = invokeAsync;
        _subscription = notifier.Subscribe(OnChange);
    }

    public void Dispose() => _subscription.Dispose();

    private void OnChange(EngineChange change)
    {
        if (!_filter(change))
        {
            return;
        }

        if (Interlocked.CompareExchange(ref _state, 1, 0) == 0)
        {
            _ = RunAsync();
        }
        else
        {
            Interlocked.Exchange(ref _state, 2);
        }
    }

    private async Task RunAsync()
    {
        do
        {
            Interlocked.Exchange(ref _state, 1);
            try
            {
                await _invokeAsync(_refresh);
            }
            catch (ObjectDisposedException)
            {
                // The circuit closed while a change was on its way: nothing left to render.
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _state, 0, 1) != 1);
    }
}
