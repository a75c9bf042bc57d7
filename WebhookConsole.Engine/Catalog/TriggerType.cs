namespace WebhookConsole.Engine.Catalog;

/// <summary>What kind of trigger a subscription listens to (SlashID's webhook and trigger APIs: <c>event</c>, <c>sync_hook</c>).</summary>
public enum TriggerType
{
    Event,
    SyncHook,
}

/// <summary>Wire names of <see cref="TriggerType"/>.</summary>
public static class TriggerTypeNames
{
    public const string Event = "event";
    public const string SyncHook = "sync_hook";

    public static string ToWire(this TriggerType type) => type == TriggerType.Event ? Event : SyncHook;

    public static bool TryParse(string? value, out TriggerType type)
    {
        switch (value)
        {
            case Event: type = TriggerType.Event; return true;
            case SyncHook: type = TriggerType.SyncHook; return true;
            default: type = default; return false;
        }
    }
}
