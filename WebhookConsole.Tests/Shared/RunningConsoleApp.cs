namespace WebhookConsole.Tests.Shared;

/// <summary>Base of test classes that start their own <see cref="ConsoleApp"/> per test (e.g. because a test locks an account).</summary>
public abstract class RunningConsoleApp(IDictionary<string, string?>? settings = null) : IAsyncLifetime
{
    protected ConsoleApp App { get; } = new(settings);

    protected Uri BaseAddress { get; private set; } = null!;

    public virtual Task InitializeAsync()
    {
        BaseAddress = App.Start();
        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync() => await App.DisposeAsync();
}
