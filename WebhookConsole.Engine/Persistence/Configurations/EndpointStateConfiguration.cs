using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Scheduling;

namespace WebhookConsole.Engine.Persistence.Configurations;

internal sealed class EndpointStateConfiguration : IEntityTypeConfiguration<EndpointState>
{
    public void Configure(EntityTypeBuilder<EndpointState> builder)
    {
        builder.ToTable("endpoint_states");
        builder.HasKey(s => s.WebhookId);
        builder.Property(s => s.Circuit).HasConversion<string>().HasMaxLength(16);
        builder.HasOne<Webhook>().WithOne().HasForeignKey<EndpointState>(s => s.WebhookId).OnDelete(DeleteBehavior.Cascade);
    }
}
