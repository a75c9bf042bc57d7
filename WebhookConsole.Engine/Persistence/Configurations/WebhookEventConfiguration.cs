using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Persistence.Configurations;

internal sealed class WebhookEventConfiguration : IEntityTypeConfiguration<WebhookEvent>
{
    public void Configure(EntityTypeBuilder<WebhookEvent> builder)
    {
        builder.ToTable("events");
        builder.Property(e => e.TriggerType).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Name).HasMaxLength(100);
        builder.HasIndex(e => new { e.OrganizationId, e.ReceivedAt });
    }
}
