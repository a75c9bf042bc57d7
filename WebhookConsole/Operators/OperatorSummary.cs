namespace WebhookConsole.Operators;

/// <summary>One operator as Settings → Operators lists it: never a password or its hash.</summary>
public sealed record OperatorSummary(string Id, string Email, string Role, bool LockedOut);
