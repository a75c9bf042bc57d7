namespace WebhookConsole.Engine.Notifications;

/// <summary>What changed in the engine.</summary>
public enum EngineChangeKind
{
    WebhookChanged,
    VerificationFinished,
    DeliveryCreated,
    DeliveryRecorded,

    /// <summary>A maintenance job finished a run; not tied to one organization (<see cref="EngineChange.OrganizationId"/> is empty).</summary>
    MaintenanceRunRecorded,

    /// <summary>An organization was created, renamed, disabled or enabled (empty organization id for a new one).</summary>
    OrganizationChanged,
}

/// <summary>One change the engine raises for the console (and tests) to react to.</summary>
public sealed record EngineChange(EngineChangeKind Kind, Guid OrganizationId, Guid WebhookId, Guid? DeliveryId = null);
