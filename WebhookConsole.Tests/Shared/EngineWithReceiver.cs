namespace WebhookConsole.Tests.Shared;

/// <summary>
/// Base of engine tests that talk to a real receiver: a fresh engine on its own SQLite file (on a manual clock
/// when one is given, with the settings given) and a loopback <see cref="TestReceiver"/>, both disposed after each test.
/// </summary>
public abstract class EngineWithReceiver(ManualTimeProvider? time = null, IDictionary<string, string?>? settings = null) : IAsyncLifetime
{
    protected ManualTimeProvider Time => time ?? throw new InvalidOperationException("This test class runs on the system clock.");

    protected EngineHost Engine { get; private set; } = null!;

    protected TestReceiver Receiver { get; set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Engine = await EngineHost.StartAsync(time, settings);
        Receiver = await TestReceiver.StartAsync();
    }

    public virtual async Task DisposeAsync()
    {
        await Receiver.DisposeAsync();
        await Engine.DisposeAsync();
    }
}
