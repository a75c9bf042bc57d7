using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Webhooks;

/// <summary>The rules of a webhook, shared by the console and the API so both answer with the same words.</summary>
public static class WebhookValidator
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 1000;
    public const int MinSecretLength = 16;
    public const int MaxSecretLength = 200;

    public static List<FieldError> Validate(WebhookInput input, bool allowInsecureTargets)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(input.Name))
        {
            errors.Add(new("name", "The name is required."));
        }
        else if (input.Name.Length > MaxNameLength)
        {
            errors.Add(new("name", $"The name must be at most {MaxNameLength} characters long."));
        }
        else if (input.Name.Any(char.IsControl))
        {
            errors.Add(new("name", "The name must not contain control characters."));
        }

        if (input.Description is { Length: > MaxDescriptionLength })
        {
            errors.Add(new("description", $"The description must be at most {MaxDescriptionLength} characters long."));
        }

        if (TargetUrl.Validate(input.TargetUrl, allowInsecureTargets) is { } urlError)
        {
            errors.Add(urlError);
        }

        if (!string.IsNullOrEmpty(input.Secret))
        {
            if (input.Secret.Length is < MinSecretLength or > MaxSecretLength)
            {
                errors.Add(new("secret", $"The secret must be between {MinSecretLength} and {MaxSecretLength} characters long, or empty to generate one."));
            }
            else if (input.Secret.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
            {
                errors.Add(new("secret", "The secret must not contain spaces or control characters."));
            }
        }

        if (input.Channels.Count == 0)
        {
            errors.Add(new("channels", "Select at least one channel."));
        }
        else if (input.Channels.FirstOrDefault(slug => EventCatalog.FindChannel(slug) is null) is { } unknown)
        {
            errors.Add(new("channels", $"The channel '{unknown}' does not exist."));
        }

        return errors;
    }
}
