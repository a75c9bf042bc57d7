using System.Linq.Expressions;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Persistence;

/// <summary>
/// A condition on a delivery's status written into the statement as a literal (<c>"Status" = 'Failed'</c>). Every index
/// that holds deliveries by status is partial (the scheduler's, the status filter's, the unsettled rows'), and SQLite
/// uses a partial index only for a statement whose condition names one of the index's statuses as a literal: a captured
/// variable becomes a parameter, and the statement would read the whole delivery log instead.
/// </summary>
public static class StatusLiteral
{
    /// <summary>The deliveries in <paramref name="status"/>.</summary>
    public static IQueryable<Domain.Delivery> WhereStatusIs(this IQueryable<Domain.Delivery> deliveries, DeliveryStatus status)
    {
        var delivery = Expression.Parameter(typeof(Domain.Delivery), "d");
        var condition = Expression.Equal(Expression.Property(delivery, nameof(Domain.Delivery.Status)), Expression.Constant(status));
        return deliveries.Where(Expression.Lambda<Func<Domain.Delivery, bool>>(condition, delivery));
    }
}
