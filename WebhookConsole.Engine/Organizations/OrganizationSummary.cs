namespace WebhookConsole.Engine.Organizations;

/// <summary>One organization as the Organizations page and the platform API list it, with its counts.</summary>
public sealed record OrganizationSummary(
    Guid Id,
    string Handle,
    string Name,
    Guid? ParentId,
    int Depth,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DisabledAt,
    int Webhooks,
    int Events,
    int FailedDeliveries)
{
    public bool IsDisabled => DisabledAt is not null;
}
