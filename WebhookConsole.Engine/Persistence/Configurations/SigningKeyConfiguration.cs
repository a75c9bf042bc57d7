using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Persistence.Configurations;

internal sealed class SigningKeyConfiguration : IEntityTypeConfiguration<SigningKey>
{
    public void Configure(EntityTypeBuilder<SigningKey> builder)
    {
        builder.ToTable("signing_keys");
        builder.Property(k => k.Kid).HasMaxLength(64);
        builder.Property(k => k.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(k => k.PublicX).HasMaxLength(64);
        builder.Property(k => k.PublicY).HasMaxLength(64);
        builder.HasIndex(k => new { k.OrganizationId, k.Kid }).IsUnique();
        builder.HasOne<Organization>().WithMany().HasForeignKey(k => k.OrganizationId);
    }
}
