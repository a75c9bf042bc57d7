namespace WebhookConsole.Engine.Audit;

/// <summary>The actions the audit log records, as stored in <c>audit_entries.Action</c>.</summary>
public static class AuditAction
{
    public const string WebhookCreated = "webhook.created";
    public const string WebhookUpdated = "webhook.updated";
    public const string WebhookActivated = "webhook.activated";
    public const string WebhookDeactivated = "webhook.deactivated";
    public const string WebhookDeleted = "webhook.deleted";
    public const string TriggerAdded = "webhook.trigger_added";
    public const string TriggerRemoved = "webhook.trigger_removed";
    public const string VerificationResent = "webhook.verification_resent";
    public const string SecretRotated = "secret.rotated";
    public const string TestEventSent = "test_event.sent";
    public const string DeliveryRedelivered = "delivery.redelivered";
    public const string DeliveriesRecovered = "deliveries.recovered";
    public const string DeliveryCancelled = "delivery.cancelled";
    public const string DeliveriesCancelled = "deliveries.cancelled";
    public const string DeliveriesRequeued = "deliveries.requeued";
    public const string DeliveriesDueNow = "deliveries.delivered_now";
    public const string ApiKeyCreated = "api_key.created";
    public const string ApiKeyRevoked = "api_key.revoked";
    public const string SigningKeyRotated = "signing_key.rotated";
    public const string OrganizationCreated = "organization.created";
    public const string OrganizationRenamed = "organization.renamed";
    public const string OrganizationDisabled = "organization.disabled";
    public const string OrganizationEnabled = "organization.enabled";
    public const string PortalLinkCreated = "portal_link.created";
    public const string PortalLinkRevoked = "portal_link.revoked";
    public const string OperatorCreated = "operator.created";
    public const string OperatorRemoved = "operator.removed";
    public const string OperatorRoleChanged = "operator.role_changed";
    public const string OperatorPasswordReset = "operator.password_reset";
    public const string OperatorPlatformGranted = "operator.platform_granted";
    public const string OperatorPlatformRevoked = "operator.platform_revoked";
    public const string SignInSucceeded = "sign_in.succeeded";
    public const string SignInFailed = "sign_in.failed";
    public const string SignedOut = "sign_out";
    public const string NotificationTestSent = "notification.test_sent";
    public const string MaintenanceTriggered = "maintenance.triggered";

    /// <summary>Reserved for issue 13's erasure by subject (recorded by its service).</summary>
    public const string ErasureRun = "erasure.run";

    /// <summary>Reserved for issue 13's retention per organization (recorded by its service).</summary>
    public const string RetentionChanged = "settings.retention_changed";
}

/// <summary>The kinds of target an entry names.</summary>
public static class AuditTargetType
{
    public const string Webhook = "webhook";
    public const string Event = "event";
    public const string Delivery = "delivery";
    public const string ApiKey = "api_key";
    public const string SigningKey = "signing_key";
    public const string Organization = "organization";
    public const string PortalLink = "portal_link";
    public const string Operator = "operator";
    public const string Notification = "notification_channel";
    public const string MaintenanceJob = "maintenance_job";
}

/// <summary>What an entry acted on: its type, id and name (at the time).</summary>
public sealed record AuditTarget(string Type, string? Id, string? Name)
{
    public static AuditTarget Of(string type, Guid id, string? name) => new(type, id.ToString(), name);
}
