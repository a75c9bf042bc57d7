using System.Threading.Channels;
using WebhookConsole.Engine.Notifications;

namespace WebhookConsole.Tests.Shared;

/// <summary>
/// Records what the engine's notifier publishes from the moment it is created, so a test can wait for a change
/// (bounded, never a sleep) that may happen before it starts waiting.
/// </summary>
public sealed class EngineChanges : IDisposable
{
    private readonly Channel<EngineChange> _changes = Channel.CreateUnbounded<EngineChange>();
    private readonly IDisposable _subscription;

    public EngineChanges(IServiceProvider services) =>
        _subscription = services.GetRequiredService<EngineNotifier>().Subscribe(change => _changes.Writer.TryWrite(change));

    /// <summary>Waits for the next change of <paramref name="kind"/> to <paramref name="webhookId"/>; fails after 30 seconds.</summary>
    public async Task<EngineChange> NextAsync(EngineChangeKind kind, Guid webhookId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var change = await _changes.Reader.ReadAsync(timeout.Token);
            if (change.Kind == kind && change.WebhookId == webhookId)
            {
                return change;
            }
        }
    }

    /// <summary>Waits until <paramref name="count"/> changes of <paramref name="kind"/> came, to any webhook; fails after 30 seconds.</summary>
    public async Task CountAsync(EngineChangeKind kind, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (count > 0)
        {
            if ((await _changes.Reader.ReadAsync(timeout.Token)).Kind == kind)
            {
                count--;
            }
        }
    }

    public void Dispose() => _subscription.Dispose();
}
