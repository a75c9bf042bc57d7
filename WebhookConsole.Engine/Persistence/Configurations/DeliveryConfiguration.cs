using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Persistence.Configurations;

internal sealed class DeliveryConfiguration : IEntityTypeConfiguration<Domain.Delivery>
{
    /// <summary>Not sent yet, or being sent: the rows of <c>IX_deliveries_Unsettled</c>.</summary>
    private static readonly IReadOnlyList<DeliveryStatus> UnsettledStatuses = [DeliveryStatus.Pending, DeliveryStatus.InFlight];

    /// <summary>Waiting for a retry, or finished: the rows of the status filter's index.</summary>
    private static readonly IReadOnlyList<DeliveryStatus> SettledStatuses = [.. Enum.GetValues<DeliveryStatus>().Except(UnsettledStatuses)];

    // The open statuses as the scheduler index's condition: "Status" = 'Pending' OR "Status" = 'InFlight' OR ...
    private static readonly string OpenStatusFilter = StatusFilter(Scheduling.OpenDeliveries.All);

    public void Configure(EntityTypeBuilder<Domain.Delivery> builder)
    {
        builder.ToTable("deliveries");
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.LeaseOwner).HasMaxLength(100);
        builder.Property(d => d.LastError).HasMaxLength(1000);
        builder.HasOne(d => d.Event).WithMany().HasForeignKey(d => d.EventId);
        builder.HasOne(d => d.Webhook).WithMany().HasForeignKey(d => d.WebhookId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(d => d.Attempts).WithOne().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
        // The scheduler (Scheduling/): which endpoints have queued or leased rows (a skip over Status, WebhookId), each
        // endpoint's due rows oldest first with acceptance order breaking ties (FIFO), and its leased rows (caps). It
        // holds open rows only: a finished delivery leaves it instead of moving to a range nobody claims from. SQLite
        // uses a partial index only for a query that names one of these statuses as a literal (Status = 'Pending'),
        // so every query of open rows asks for one status at a time (Scheduling/OpenDeliveries.cs).
        builder.HasIndex(d => new { d.Status, d.WebhookId, d.NextAttemptAt, d.Sequence }).HasFilter(OpenStatusFilter);
        // The delivery log, newest first, per organization and per webhook.
        builder.HasIndex(d => new { d.OrganizationId, d.CreatedAt });
        builder.HasIndex(d => new { d.WebhookId, d.CreatedAt });
        // The log's filters, each a range of its own index at any depth (docs/performance.md, a million attempts).
        builder.Property(d => d.EventName).HasMaxLength(100);
        // The status filter: settled rows (retrying or finished) by status, and the rows waiting for their first send or
        // being sent by organization alone, so that a claim (pending to in flight) changes neither index; a delivery
        // enters the first when it settles and leaves the second once. Reads name the status as a literal
        // (Persistence/StatusLiteral.cs), as SQLite needs for a partial index.
        builder.HasIndex(d => new { d.OrganizationId, d.Status, d.CreatedAt, d.Id }).HasFilter(StatusFilter(SettledStatuses));
        builder.HasIndex(d => new { d.OrganizationId, d.CreatedAt, d.Id }, "IX_deliveries_Unsettled").HasFilter(StatusFilter(UnsettledStatuses));
        builder.HasIndex(d => new { d.OrganizationId, d.EventName, d.CreatedAt, d.Id });
        // Test events are a sliver of the log: their index holds only them, so a live delivery adds no entry to it.
        builder.HasIndex(d => new { d.OrganizationId, d.CreatedAt, d.Id }, "IX_deliveries_TestEvents").HasFilter("\"IsTestEvent\"");
    }

    private static string StatusFilter(IEnumerable<DeliveryStatus> statuses) => string.Join(" OR ", statuses.Select(s => $"\"Status\" = '{s}'"));
}
