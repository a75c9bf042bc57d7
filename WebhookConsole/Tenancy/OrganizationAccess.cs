using WebhookConsole.Engine.Organizations;

namespace WebhookConsole.Tenancy;

/// <summary>
/// Which organizations an operator may work in: a platform operator in every one; an organization's operator in it
/// and its sub-organizations at any depth (Asgardeo: a parent's operators see into its sub-organizations).
/// </summary>
public sealed class OrganizationAccess(OrganizationService organizations)
{
    public async Task<IReadOnlySet<Guid>> VisibleAsync(Guid homeOrganizationId, bool platform, CancellationToken cancellationToken = default)
    {
        var tree = await organizations.TreeAsync(cancellationToken);
        return platform ? tree.All : tree.SelfAndDescendants(homeOrganizationId);
    }

    public async Task<bool> MayWorkInAsync(Guid homeOrganizationId, bool platform, Guid organizationId, CancellationToken cancellationToken = default) =>
        (await VisibleAsync(homeOrganizationId, platform, cancellationToken)).Contains(organizationId);
}
