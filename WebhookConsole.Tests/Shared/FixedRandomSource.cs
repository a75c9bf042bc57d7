using WebhookConsole.Engine.Delivery;

namespace WebhookConsole.Tests.Shared;

/// <summary>A "random" source that always answers the same number, so schedules are exact to the second.</summary>
public sealed class FixedRandomSource(double value = 0) : IRandomSource
{
    public double NextDouble() => value;
}
