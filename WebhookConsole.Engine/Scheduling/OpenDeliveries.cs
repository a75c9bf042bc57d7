using System.Linq.Expressions;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Persistence;

namespace WebhookConsole.Engine.Scheduling;

/// <summary>
/// Reads of the open deliveries (pending, in flight, retrying). They are answered from the scheduler's index
/// <c>(Status, WebhookId, NextAttemptAt, Sequence)</c>, which holds open rows only, so a finished delivery costs it one
/// removal and nothing more (<see cref="Persistence.Configurations.DeliveryConfiguration"/>). SQLite uses such a partial
/// index only for a query that names one of its statuses as a literal: <c>"Status" IN ('Pending', 'Retrying')</c>, or a
/// parameter, would read the whole log instead. So a read of several open statuses is one range per status, joined
/// with <c>UNION ALL</c>, and an update runs once per status (<see cref="Queued"/>, <see cref="All"/>).
/// </summary>
public static class OpenDeliveries
{
    /// <summary>Waiting to be sent: not attempted yet, or waiting for a retry.</summary>
    public static readonly IReadOnlyList<DeliveryStatus> Queued = [DeliveryStatus.Pending, DeliveryStatus.Retrying];

    /// <summary>Every open status: queued, or leased by a dispatcher.</summary>
    public static readonly IReadOnlyList<DeliveryStatus> All = [DeliveryStatus.Pending, DeliveryStatus.InFlight, DeliveryStatus.Retrying];

    /// <summary>The deliveries in one of <paramref name="statuses"/> (that match <paramref name="predicate"/>, if given), one index range per status.</summary>
    public static IQueryable<Domain.Delivery> Where(
        IQueryable<Domain.Delivery> deliveries, IReadOnlyList<DeliveryStatus> statuses, Expression<Func<Domain.Delivery, bool>>? predicate = null) =>
        statuses.Select(status => predicate is null ? deliveries.WhereStatusIs(status) : deliveries.WhereStatusIs(status).Where(predicate)).Aggregate(Queryable.Concat);
}
