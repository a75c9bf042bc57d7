using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WebhookConsole.Engine.Configuration;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Engine.Webhooks;

namespace WebhookConsole.Engine.Privacy;

/// <summary>
/// An organization's retention: how long finished deliveries, their attempts and events are kept, and, separately,
/// how long the attempts' request and response bodies are (e.g. status 90 days, bodies 7). Either unset follows the
/// hub's <c>Delivery:Retention</c>. The <see cref="Maintenance.RetentionPurge"/> job enforces them.
/// </summary>
public sealed class RetentionSettings(IDbContextFactory<WebhookDbContext> dbs, Audit.AuditLog audit, IOptionsMonitor<DeliveryOptions> options)
{
    public const int MaxDays = 3650;

    /// <summary>The hub's default: <c>Delivery:Retention</c>.</summary>
    public TimeSpan Default => options.CurrentValue.Retention;

    /// <summary>The organization's retention, or null when it does not exist.</summary>
    public async Task<Retention?> GetAsync(Guid organizationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var organization = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == organizationId, cancellationToken);
        return organization is null ? null : Of(organization);
    }

    private static int? DaysOf(TimeSpan? window) => window is { } value ? (int)value.TotalDays : null;

    /// <summary>Sets either window in whole days (null: back to the default); bodies may not be kept longer than the rows.</summary>
    public async Task<CommandResult<Retention>> UpdateAsync(Guid organizationId, PatchValue<int?> eventDays, PatchValue<int?> bodyDays,
        CancellationToken cancellationToken = default)
    {
        var errors = new List<FieldError>();
        Check("event_retention_days", eventDays, errors);
        Check("body_retention_days", bodyDays, errors);
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var organization = await db.Organizations.SingleOrDefaultAsync(o => o.Id == organizationId, cancellationToken);
        if (organization is null)
        {
            return new(CommandStatus.NotFound, null, [new FieldError("organization_id", "No organization with this id exists.")]);
        }

        if (errors.Count > 0)
        {
            return CommandResult<Retention>.Invalid(errors);
        }

        var events = eventDays.IsSet ? Days(eventDays.Value) : organization.EventRetention;
        var bodies = bodyDays.IsSet ? Days(bodyDays.Value) : organization.BodyRetention;
        if ((bodies ?? Default) > (events ?? Default))
        {
            return CommandResult<Retention>.Invalid("body_retention_days",
                $"The body_retention_days must not exceed how long the deliveries are kept ({(int)(events ?? Default).TotalDays} days): bodies go with their rows at the latest.");
        }

        var changes = new Audit.AuditChanges()
            .Field("event_retention_days", DaysOf(organization.EventRetention), DaysOf(events))
            .Field("body_retention_days", DaysOf(organization.BodyRetention), DaysOf(bodies));
        organization.EventRetention = events;
        organization.BodyRetention = bodies;
        audit.Record(db, organizationId, Audit.AuditAction.RetentionChanged,
            Audit.AuditTarget.Of(Audit.AuditTargetType.Organization, organizationId, organization.Handle), changes.ToDetails());
        await db.SaveChangesAsync(cancellationToken);
        return CommandResult<Retention>.Ok(Of(organization));
    }

    /// <summary>The windows that apply to <paramref name="organization"/>.</summary>
    public Retention Of(Organization organization) => new(organization.EventRetention, organization.BodyRetention, Default);

    private static void Check(string field, PatchValue<int?> days, List<FieldError> errors)
    {
        if (days is { IsSet: true, Value: { } value } && value is < 1 or > MaxDays)
        {
            errors.Add(new(field, $"The {field} must be a whole number of days from 1 to {MaxDays}, or null for the hub's default."));
        }
    }

    private static TimeSpan? Days(int? days) => days is { } value ? TimeSpan.FromDays(value) : null;
}

/// <summary>An organization's retention windows: its own (null when it follows the default) and the ones that apply.</summary>
public sealed record Retention(TimeSpan? EventRetention, TimeSpan? BodyRetention, TimeSpan Default)
{
    /// <summary>How long finished deliveries, attempts and events are kept.</summary>
    public TimeSpan Events => EventRetention ?? Default;

    /// <summary>How long attempts' request and response bodies are kept (never longer than <see cref="Events"/>).</summary>
    public TimeSpan Bodies => BodyRetention is { } bodies && bodies < Events ? bodies : Events;
}
