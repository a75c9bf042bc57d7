namespace WebhookConsole.Tests.Shared;

/// <summary>A <see cref="RunningConsoleApp"/> with a real receiver on loopback for its webhooks to deliver to.</summary>
public abstract class RunningConsoleAppWithReceiver(IDictionary<string, string?>? settings = null) : RunningConsoleApp(settings)
{
    protected TestReceiver Receiver { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Receiver = await TestReceiver.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}
