using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Persistence.Configurations;

internal sealed class AttemptConfiguration : IEntityTypeConfiguration<Attempt>
{
    public void Configure(EntityTypeBuilder<Attempt> builder)
    {
        builder.ToTable("attempts");
        builder.Property(a => a.RequestUrl).HasMaxLength(2048);
        builder.Property(a => a.Error).HasConversion<string>().HasMaxLength(32);
        builder.Property(a => a.ErrorMessage).HasMaxLength(1000);
        builder.Ignore(a => a.Succeeded);
        builder.HasIndex(a => new { a.DeliveryId, a.Number }).IsUnique();
    }
}
