using Microsoft.Extensions.Options;

namespace WebhookConsole.Engine.Configuration;

/// <summary>Stops start-up with a sentence per bad <c>Events</c> setting, each naming its key.</summary>
internal sealed class EventsOptionsValidator : IValidateOptions<EventsOptions>
{
    public static readonly TimeSpan MinWindow = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(30);

    public ValidateOptionsResult Validate(string? name, EventsOptions options) =>
        options.IdempotencyWindow < MinWindow || options.IdempotencyWindow > MaxWindow
            ? ValidateOptionsResult.Fail("Events:IdempotencyWindow must be from one minute (00:01:00) to 30 days (30.00:00:00).")
            : ValidateOptionsResult.Success;
}
