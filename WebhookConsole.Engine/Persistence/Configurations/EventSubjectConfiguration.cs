using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Persistence.Configurations;

internal sealed class EventSubjectConfiguration : IEntityTypeConfiguration<EventSubject>
{
    public void Configure(EntityTypeBuilder<EventSubject> builder)
    {
        builder.ToTable("event_subjects");
        // An erasure looks a subject up within one organization: the primary key is that lookup's index.
        builder.HasKey(s => new { s.OrganizationId, s.SubjectHash, s.EventId });
        builder.Property(s => s.SubjectHash).HasMaxLength(EventSubject.HashLength);
        // The retention purge and the erasure delete an event's rows by its id.
        builder.HasIndex(s => s.EventId);
    }
}
