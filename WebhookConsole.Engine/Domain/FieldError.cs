namespace WebhookConsole.Engine.Domain;

/// <summary>One broken rule of an input: the field (API name, e.g. <c>target_url</c>) and a sentence that names it and the rule.</summary>
public sealed record FieldError(string Field, string Message);
