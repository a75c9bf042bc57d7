namespace WebhookConsole.Operators;

/// <summary>A platform operator as the Organizations page lists them: who, and which organization they belong to.</summary>
public sealed record PlatformOperatorSummary(string Id, string Email, Guid OrganizationId);
