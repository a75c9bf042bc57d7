using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Persistence.Configurations;

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> builder)
    {
        builder.ToTable("organizations");
        builder.Property(o => o.Handle).HasMaxLength(63);
        builder.Property(o => o.Name).HasMaxLength(200);
        builder.Property(o => o.Depth).HasDefaultValue(0);
        builder.Ignore(o => o.IsDisabled);
        builder.HasIndex(o => o.Handle).IsUnique();
        builder.HasIndex(o => o.ParentId);
        builder.HasOne<Organization>().WithMany().HasForeignKey(o => o.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}
