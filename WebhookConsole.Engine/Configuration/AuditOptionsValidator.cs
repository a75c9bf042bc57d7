using Microsoft.Extensions.Options;

namespace WebhookConsole.Engine.Configuration;

/// <summary>Stops start-up with a sentence naming <c>Audit:Retention</c> when it is out of range.</summary>
internal sealed class AuditOptionsValidator : IValidateOptions<AuditOptions>
{
    public static readonly TimeSpan MinRetention = TimeSpan.FromDays(1);
    public static readonly TimeSpan MaxRetention = TimeSpan.FromDays(3660);

    public ValidateOptionsResult Validate(string? name, AuditOptions options) =>
        options.Retention < MinRetention || options.Retention > MaxRetention
            ? ValidateOptionsResult.Fail("Audit:Retention must be from one day (1.00:00:00) to ten years (3660.00:00:00).")
            : ValidateOptionsResult.Success;
}
