using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Persistence.Configurations;

internal sealed class PortalLinkConfiguration : IEntityTypeConfiguration<PortalLink>
{
    public void Configure(EntityTypeBuilder<PortalLink> builder)
    {
        builder.ToTable("portal_links");
        builder.Property(l => l.Name).HasMaxLength(200);
        builder.Property(l => l.TokenHash).HasMaxLength(64);
        builder.Property(l => l.Hint).HasMaxLength(8);
        builder.Property(l => l.EventTypes).HasMaxLength(4000);
        builder.Property(l => l.CreatedBy).HasMaxLength(256);
        builder.Ignore(l => l.EventTypeList);
        builder.HasIndex(l => l.TokenHash).IsUnique();
        builder.HasIndex(l => l.OrganizationId);
        builder.HasOne<Organization>().WithMany().HasForeignKey(l => l.OrganizationId);
    }
}
