using WebhookConsole.Engine.Notifications;

namespace WebhookConsole.Tests.Shared;

/// <summary>Assertions on the engine's <see cref="WorkSignal"/>s, bounded instead of sleeping.</summary>
public static class Signals
{
    /// <summary>Passes as soon as <paramref name="signal"/> has been notified; fails after 10 s without it.</summary>
    public static async Task AssertNotifiedAsync(WorkSignal signal)
    {
        using var stop = new CancellationTokenSource();
        var woken = signal.WaitAsync(TimeSpan.FromMinutes(10), TimeProvider.System, stop.Token);
        var first = await Task.WhenAny(woken, Task.Delay(TimeSpan.FromSeconds(10), stop.Token));
        await stop.CancelAsync();
        Assert.True(first == woken, "The worker was not signalled.");
    }
}
