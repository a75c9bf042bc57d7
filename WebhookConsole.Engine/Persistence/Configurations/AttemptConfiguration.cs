using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Persistence.Configurations;

internal sealed class AttemptConfiguration : IEntityTypeConfiguration<Attempt>
{
    /// <summary>
    /// The attempts whose request or response body is still stored in clear (written before encryption at rest; bodies
    /// removed by an erasure or retention are empty or null and hide nothing). The index below holds only these rows.
    /// </summary>
    internal const string Unencrypted = $"""
        ("RequestBody" <> '' AND substr("RequestBody", 1, 6) <> '{Security.PayloadCipher.Prefix}')
        OR ("ResponseBody" <> '' AND substr("ResponseBody", 1, 6) <> '{Security.PayloadCipher.Prefix}')
        """;

    public void Configure(EntityTypeBuilder<Attempt> builder)
    {
        builder.ToTable("attempts");
        builder.Property(a => a.RequestUrl).HasMaxLength(2048);
        builder.Property(a => a.Error).HasConversion<string>().HasMaxLength(32);
        builder.Property(a => a.ErrorMessage).HasMaxLength(1000);
        builder.Ignore(a => a.Succeeded);
        builder.HasIndex(a => new { a.DeliveryId, a.Number }).IsUnique();
        // Maintenance/PayloadEncryption's work list (see WebhookEventConfiguration).
        builder.HasIndex(a => a.Id, "IX_attempts_Unencrypted").HasFilter(Unencrypted);
    }
}
