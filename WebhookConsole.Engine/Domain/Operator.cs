using Microsoft.AspNetCore.Identity;

namespace WebhookConsole.Engine.Domain;

/// <summary>
/// A person who signs in to the console. Belongs to one organization; may work in its sub-organizations too, and a
/// platform operator in every organization (<see cref="ActiveOrganizationId"/>).
/// </summary>
public sealed class Operator : IdentityUser
{
    /// <summary>The organization the operator belongs to, whose admin or viewer they are.</summary>
    public Guid OrganizationId { get; set; }

    /// <summary>The organization the console shows, chosen in the header's switcher; null means <see cref="OrganizationId"/>.</summary>
    public Guid? ActiveOrganizationId { get; set; }
}
