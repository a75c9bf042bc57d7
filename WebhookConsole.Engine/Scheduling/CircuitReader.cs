using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Persistence;

namespace WebhookConsole.Engine.Scheduling;

/// <summary>Reads endpoints' circuits from <c>endpoint_states</c> (the engine writes them); no row reads as closed.</summary>
public sealed class CircuitReader(IDbContextFactory<WebhookDbContext> dbs)
{
    /// <summary>The circuit of a webhook the caller has already found in its organization.</summary>
    public async Task<EndpointCircuit> GetAsync(Guid webhookId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        return EndpointCircuit.Of(await db.EndpointStates.AsNoTracking().SingleOrDefaultAsync(s => s.WebhookId == webhookId, cancellationToken));
    }

    /// <summary>The circuits of <paramref name="webhookIds"/>, each present (closed when the engine holds no state for it).</summary>
    public async Task<IReadOnlyDictionary<Guid, EndpointCircuit>> GetManyAsync(IReadOnlyCollection<Guid> webhookIds, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var states = await db.EndpointStates.AsNoTracking().Where(s => webhookIds.Contains(s.WebhookId))
            .ToDictionaryAsync(s => s.WebhookId, cancellationToken);
        return webhookIds.Distinct().ToDictionary(id => id, id => EndpointCircuit.Of(states.GetValueOrDefault(id)));
    }
}
