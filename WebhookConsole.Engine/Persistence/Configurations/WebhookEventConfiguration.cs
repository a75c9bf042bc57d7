using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Persistence.Configurations;

internal sealed class WebhookEventConfiguration : IEntityTypeConfiguration<WebhookEvent>
{
    /// <summary>
    /// The events whose payload (unless erased) or sync hook result is still stored in clear (written before encryption at
    /// rest; <see cref="Security.PayloadCipher"/>). SQLite and PostgreSQL read it alike; the index below holds only these rows.
    /// </summary>
    internal const string Unencrypted = $"""
        ("ErasedAt" IS NULL AND "Payload" <> '' AND substr("Payload", 1, 6) <> '{Security.PayloadCipher.Prefix}')
        OR ("SyncResult" <> '' AND substr("SyncResult", 1, 6) <> '{Security.PayloadCipher.Prefix}')
        """;

    public void Configure(EntityTypeBuilder<WebhookEvent> builder)
    {
        builder.ToTable("events");
        builder.Property(e => e.TriggerType).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Name).HasMaxLength(100);
        builder.HasIndex(e => new { e.OrganizationId, e.ReceivedAt });
        // Maintenance/PayloadEncryption finds the rows left in clear here without reading the table; rows are written
        // encrypted, so the index stays empty once it has caught up.
        builder.HasIndex(e => e.Id, "IX_events_Unencrypted").HasFilter(Unencrypted);
    }
}
