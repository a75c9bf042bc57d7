namespace WebhookConsole.Engine.Webhooks;

/// <summary>
/// A PATCH field whose null is a value: <c>default</c> is absent (leave the field as it is), <c>new(null)</c> clears it.
/// </summary>
public readonly record struct PatchValue<T>(T Value)
{
    public bool IsSet { get; } = true;

    /// <summary>The new value when set, else <paramref name="current"/>.</summary>
    public T Or(T current) => IsSet ? Value : current;
}
