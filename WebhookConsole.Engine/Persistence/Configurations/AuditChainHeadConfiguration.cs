using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Persistence.Configurations;

internal sealed class AuditChainHeadConfiguration : IEntityTypeConfiguration<AuditChainHead>
{
    public void Configure(EntityTypeBuilder<AuditChainHead> builder)
    {
        builder.ToTable("audit_chains");
        builder.HasKey(h => h.OrganizationId);
        builder.Property(h => h.LastHash).HasMaxLength(64);
        builder.Property(h => h.AnchorHash).HasMaxLength(64);
    }
}
