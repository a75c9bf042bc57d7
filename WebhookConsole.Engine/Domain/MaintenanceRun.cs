namespace WebhookConsole.Engine.Domain;

/// <summary>One run of a recurring maintenance job, for the jobs page.</summary>
public sealed class MaintenanceRun
{
    public long Id { get; set; }

    public required string Job { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public TimeSpan Duration { get; set; }

    public bool Succeeded { get; set; }

    /// <summary>What the run did ("purged 120 deliveries") or why it failed.</summary>
    public string? Message { get; set; }
}
