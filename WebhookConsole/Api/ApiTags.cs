namespace WebhookConsole.Api;

/// <summary>The OpenAPI tags: one per resource, as Swagger UI groups the operations.</summary>
internal static class ApiTags
{
    public const string Webhooks = "Webhooks";
    public const string Triggers = "Triggers";
    public const string Events = "Events";
    public const string EventTypes = "Event types";
    public const string Deliveries = "Deliveries";
    public const string SigningKeys = "Signing keys";
    public const string TestEvents = "Test events";
    public const string SyncHooks = "Sync hooks";
    public const string Privacy = "Privacy";
    public const string Platform = "Platform: organizations";
    public const string AuditLog = "Audit log";
}
