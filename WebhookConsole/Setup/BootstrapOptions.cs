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

    /// <summary>A platform API key to create (for <c>/platform/organizations</c>), kept with the bootstrap organization.</summary>
    public string? PlatformApiKey { get; set; }

    /// <summary>With <see cref="ViewerPassword"/>: an operator with the <c>viewer</c> role (can only look), created if missing.</summary>
    public string? ViewerEmail { get; set; }

    public string? ViewerPassword { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(AdminEmail) && !string.IsNullOrWhiteSpace(AdminPassword);
}
