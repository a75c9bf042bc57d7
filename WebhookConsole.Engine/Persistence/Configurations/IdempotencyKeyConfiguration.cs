using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Persistence.Configurations;

internal sealed class IdempotencyKeyConfiguration : IEntityTypeConfiguration<IdempotencyKey>
{
    public void Configure(EntityTypeBuilder<IdempotencyKey> builder)
    {
        builder.ToTable("idempotency_keys");
        // The primary key is the uniqueness that makes a publish idempotent (QueueStore inserts ON CONFLICT DO NOTHING).
        builder.HasKey(k => new { k.OrganizationId, k.Key });
        builder.Property(k => k.Key).HasMaxLength(IdempotencyKey.MaxLength);
        // The retention purge deletes keys older than the window.
        builder.HasIndex(k => k.CreatedAt);
    }
}
