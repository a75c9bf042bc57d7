using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Persistence.Configurations;

internal sealed class WebhookConfiguration : IEntityTypeConfiguration<Webhook>
{
    public void Configure(EntityTypeBuilder<Webhook> builder)
    {
        builder.ToTable("webhooks");
        builder.Property(w => w.Name).HasMaxLength(200);
        builder.Property(w => w.Description).HasMaxLength(1000);
        builder.Property(w => w.TargetUrl).HasMaxLength(2048);
        builder.Property(w => w.Format).HasConversion<string>().HasMaxLength(16);
        builder.Property(w => w.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(w => w.Ordering).HasConversion<string>().HasMaxLength(8);
        builder.Property(w => w.SecretHint).HasMaxLength(8);
        builder.Ignore(w => w.MaskedSecret);
        // SlashID's webhook API: a target URL is unique amongst the organization's webhooks.
        builder.HasIndex(w => new { w.OrganizationId, w.TargetUrl }).IsUnique();
        builder.HasOne<Organization>().WithMany().HasForeignKey(w => w.OrganizationId);
        builder.HasMany(w => w.Subscriptions).WithOne().HasForeignKey(s => s.WebhookId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(w => w.Verifications).WithOne().HasForeignKey(v => v.WebhookId).OnDelete(DeleteBehavior.Cascade);
    }
}
