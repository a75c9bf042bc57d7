using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Persistence.Configurations;

internal sealed class MaintenanceRunConfiguration : IEntityTypeConfiguration<MaintenanceRun>
{
    public void Configure(EntityTypeBuilder<MaintenanceRun> builder)
    {
        builder.ToTable("maintenance_runs");
        builder.Property(r => r.Job).HasMaxLength(100);
        builder.Property(r => r.Message).HasMaxLength(1000);
        builder.HasIndex(r => new { r.Job, r.StartedAt });
    }
}
