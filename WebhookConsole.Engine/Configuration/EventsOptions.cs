namespace WebhookConsole.Engine.Configuration;

/// <summary>Settings of event ingestion (configuration section <c>Events</c>).</summary>
public sealed class EventsOptions
{
    public const string Section = "Events";

    /// <summary>How long an <c>Idempotency-Key</c> is remembered: the same key within it answers the first event's id.</summary>
    public TimeSpan IdempotencyWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Checks every published payload against its event type's JSON Schema, refusing one that breaks it.</summary>
    public bool ValidatePayloads { get; set; }
}
