namespace WebhookConsole.Setup;

/// <summary>
/// Optional first-run values (configuration section <c>Bootstrap</c>). When set, start-up creates this
/// admin, organization and API key if they do not exist yet; otherwise the first visit shows /setup.
/// </summary>
public sealed class BootstrapOptions
{
    public const string Section = "Bootstrap";

    public string? AdminEmail { get; set; }

    public string? AdminPassword { get; set; }

    public Guid? OrganizationId { get; set; }

    public string? OrganizationHandle { get; set; }

    public string? ApiKey { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(AdminEmail) && !string.IsNullOrWhiteSpace(AdminPassword);
}
