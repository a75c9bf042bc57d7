namespace WebhookConsole.Engine.Delivery;

/// <summary>Randomness the engine's schedules use, injected so tests can fix it.</summary>
public interface IRandomSource
{
    /// <summary>A number in [0, 1).</summary>
    double NextDouble();
}

/// <summary>The process's shared <see cref="Random"/>.</summary>
public sealed class SharedRandomSource : IRandomSource
{
    public double NextDouble() => Random.Shared.NextDouble();
}
