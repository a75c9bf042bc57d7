using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Persistence.Configurations;

internal sealed class ChannelVerificationConfiguration : IEntityTypeConfiguration<ChannelVerification>
{
    public void Configure(EntityTypeBuilder<ChannelVerification> builder)
    {
        builder.ToTable("channel_verifications");
        builder.Property(v => v.Channel).HasMaxLength(32);
        builder.Property(v => v.State).HasConversion<string>().HasMaxLength(32);
        builder.Property(v => v.Error).HasMaxLength(1000);
        builder.HasIndex(v => new { v.WebhookId, v.Channel }).IsUnique();
        builder.HasIndex(v => v.State);
    }
}
