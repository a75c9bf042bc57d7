using Microsoft.Extensions.Options;

namespace WebhookConsole.Engine.Configuration;

/// <summary>Stops start-up with a sentence per bad <c>Maintenance</c> setting, each naming its key.</summary>
internal sealed class MaintenanceOptionsValidator : IValidateOptions<MaintenanceOptions>
{
    public ValidateOptionsResult Validate(string? name, MaintenanceOptions options)
    {
        var errors = new List<string>();
        foreach (var job in MaintenanceOptions.JobNames)
        {
            if (options.For(job).Interval < TimeSpan.FromSeconds(1))
            {
                errors.Add($"Maintenance:{job}:Interval must be at least one second (00:00:01).");
            }
        }

        if (options.PurgeBatchSize is < 1 or > 10000)
        {
            errors.Add("Maintenance:PurgeBatchSize must be between 1 and 10000.");
        }

        if (options.EncryptionBatchSize is < 1 or > 10000)
        {
            errors.Add("Maintenance:EncryptionBatchSize must be between 1 and 10000.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
