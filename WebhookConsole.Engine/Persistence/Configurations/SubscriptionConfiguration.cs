using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Persistence.Configurations;

internal sealed class SubscriptionConfiguration : IEntityTypeConfiguration<Subscription>
{
    public void Configure(EntityTypeBuilder<Subscription> builder)
    {
        builder.ToTable("subscriptions");
        builder.Property(s => s.TriggerType).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.TriggerName).HasMaxLength(100);
        // SlashID's webhook API: creating the same trigger twice has no effect. Also the fan-out's lookup index.
        builder.HasIndex(s => new { s.TriggerType, s.TriggerName, s.WebhookId }).IsUnique();
    }
}
