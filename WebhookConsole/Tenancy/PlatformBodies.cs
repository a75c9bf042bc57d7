using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using WebhookConsole.Engine.Organizations;

namespace WebhookConsole.Tenancy;

/// <summary>The body of <c>POST /platform/organizations</c>.</summary>
internal sealed class CreateOrganizationBody
{
    [Required, Description("Unique in the hub: 1-63 lowercase letters, digits or hyphens, starting with a letter or digit. The root domain of the organization's WebSub topics.")]
    public string Handle { get; init; } = "";

    [Description("A display name (at most 200 characters); the handle when absent.")]
    public string? Name { get; init; }

    [Description("The parent organization's id: the new organization is its sub-organization, one level deeper (at most 4 levels below a root). Absent: a root organization.")]
    public Guid? ParentId { get; init; }
}

/// <summary>The body of <c>PATCH /platform/organizations/{organization_id}</c>.</summary>
internal sealed class RenameOrganizationBody
{
    [Required, Description("The new display name (1-200 characters). The handle and id never change.")]
    public string Name { get; init; } = "";
}

/// <summary>The body of <c>POST /platform/organizations/{organization_id}/api-keys</c>.</summary>
internal sealed class CreateOrganizationKeyBody
{
    [Required, Description("A name for the key (at most 200 characters).")]
    public string Name { get; init; } = "";

    [AllowedValues("admin", "viewer"), Description("admin (the default: may do everything the organization's API offers) or viewer (GET only).")]
    public string? Role { get; init; }
}

/// <summary>The body of <c>POST /platform/organizations/{organization_id}/operators</c>.</summary>
internal sealed class CreateOrganizationOperatorBody
{
    [Required, Description("The operator's email, their console sign-in name; unique in the hub.")]
    public string Email { get; init; } = "";

    [Required, Description("The initial password: at least 12 characters with an upper-case letter, a lower-case letter and a digit.")]
    public string Password { get; init; } = "";

    [AllowedValues("admin", "viewer"), Description("admin (the default) or viewer, in this organization and its sub-organizations.")]
    public string? Role { get; init; }
}

/// <summary>An organization as the platform API returns it.</summary>
internal sealed record OrganizationResource(
    Guid Id,
    string Handle,
    string Name,
    Guid? ParentId,
    int Depth,
    bool Disabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DisabledAt,
    OrganizationCounts? Counts)
{
    public static OrganizationResource From(OrganizationSummary o) =>
        new(o.Id, o.Handle, o.Name, o.ParentId, o.Depth, o.IsDisabled, o.CreatedAt, o.DisabledAt, new(o.Webhooks, o.Events, o.FailedDeliveries));

    public static OrganizationResource From(Engine.Domain.Organization o) =>
        new(o.Id, o.Handle, o.Name, o.ParentId, o.Depth, o.IsDisabled, o.CreatedAt, o.DisabledAt, null);
}

/// <summary>How much an organization holds: its webhooks, stored events and deliveries that finally failed.</summary>
internal sealed record OrganizationCounts(int Webhooks, int Events, int FailedDeliveries);

/// <summary>A new organization API key and, this once, the key in clear.</summary>
internal sealed record CreatedOrganizationKey(Guid Id, string Name, string Role, string Key);

/// <summary>An operator added to an organization.</summary>
internal sealed record OrganizationOperator(string Email, string Role, Guid OrganizationId);
