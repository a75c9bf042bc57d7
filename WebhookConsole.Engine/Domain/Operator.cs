using Microsoft.AspNetCore.Identity;

namespace WebhookConsole.Engine.Domain;

/// <summary>A person who signs in to the console. Belongs to one organization.</summary>
public sealed class Operator : IdentityUser
{
    public Guid OrganizationId { get; set; }
}
