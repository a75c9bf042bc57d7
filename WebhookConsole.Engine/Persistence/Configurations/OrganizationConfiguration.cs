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
        builder.HasIndex(o => o.Handle).IsUnique();
    }
}
