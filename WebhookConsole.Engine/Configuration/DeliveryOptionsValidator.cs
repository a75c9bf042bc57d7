using Microsoft.Extensions.Options;

namespace WebhookConsole.Engine.Configuration;

/// <summary>Stops start-up with a sentence per bad <c>Delivery</c> setting, each naming its key.</summary>
internal sealed class DeliveryOptionsValidator : IValidateOptions<DeliveryOptions>
{
    public ValidateOptionsResult Validate(string? name, DeliveryOptions options)
    {
        var errors = new List<string>();
        if (!Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            errors.Add("Delivery:PublicBaseUrl must be an absolute http or https URL.");
        }

        if (options.Retry.InitialBackoff <= TimeSpan.Zero)
        {
            errors.Add("Delivery:Retry:InitialBackoff must be positive.");
        }

        if (options.Retry.MaxBackoff < options.Retry.InitialBackoff)
        {
            errors.Add("Delivery:Retry:MaxBackoff must be at least Delivery:Retry:InitialBackoff.");
        }

        if (options.Retry.GiveUpAfter < TimeSpan.Zero)
        {
            errors.Add("Delivery:Retry:GiveUpAfter must not be negative.");
        }

        if (options.Retry.Jitter is < 0 or > 1)
        {
            errors.Add("Delivery:Retry:Jitter must be between 0 and 1.");
        }

        if (options.BatchSize is < 1 or > 1000)
        {
            errors.Add("Delivery:BatchSize must be between 1 and 1000.");
        }

        if (options.MaxParallelism is < 1 or > 1024)
        {
            errors.Add("Delivery:MaxParallelism must be between 1 and 1024.");
        }

        if (options.PollInterval <= TimeSpan.Zero)
        {
            errors.Add("Delivery:PollInterval must be positive.");
        }

        if (options.ResponseBodyLimit is < 0 or > 1024 * 1024)
        {
            errors.Add("Delivery:ResponseBodyLimit must be between 0 and 1048576 bytes.");
        }

        if (options.Retention < TimeSpan.FromHours(1))
        {
            errors.Add("Delivery:Retention must be at least one hour (01:00:00).");
        }

        if (options.DisableAfter <= TimeSpan.Zero)
        {
            errors.Add("Delivery:DisableAfter must be positive.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
