namespace WebhookConsole.Engine.Domain;

/// <summary>SlashID's webhook API timeout rules: a Go duration, not negative, at most 20 seconds; <c>0s</c> means the defaults.</summary>
public static class WebhookTimeout
{
    public const string Field = "timeout";
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan DefaultForEvents = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DefaultForSyncHooks = TimeSpan.FromSeconds(2);

    /// <summary>Parses and checks <paramref name="text"/>; null or empty means <c>0s</c>.</summary>
    public static FieldError? Validate(string? text, out TimeSpan timeout)
    {
        timeout = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!GoDuration.TryParse(text, out timeout))
        {
            return new FieldError(Field, $"The timeout '{text}' is not a duration; write it as Go does, for example 500ms, 10s or 0s for the defaults.");
        }

        if (timeout < TimeSpan.Zero)
        {
            return new FieldError(Field, "The timeout must not be negative.");
        }

        if (timeout > Max)
        {
            return new FieldError(Field, "The timeout must be at most 20s.");
        }

        return null;
    }
}
