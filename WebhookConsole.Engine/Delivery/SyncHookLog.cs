using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Persistence;

namespace WebhookConsole.Engine.Delivery;

/// <summary>
/// Read side of sync hook calls, which <see cref="ISyncHookInvoker"/> stores as events with
/// <see cref="TriggerType.SyncHook"/>, their <see cref="WebhookEvent.SyncResult"/> and one delivery per called webhook.
/// </summary>
public sealed class SyncHookLog(IDbContextFactory<WebhookDbContext> dbs, Security.PayloadCipher cipher)
{
    public const int MaxPageSize = 200;

    /// <summary>The organization's most recent invocations, newest first, in one query.</summary>
    public async Task<IReadOnlyList<SyncHookInvocation>> ListAsync(Guid organizationId, int limit = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var rows = await db.Events.AsNoTracking()
            .Where(e => e.OrganizationId == organizationId && e.TriggerType == TriggerType.SyncHook)
            .OrderByDescending(e => e.ReceivedAt).ThenByDescending(e => e.Id)
            .Take(Math.Clamp(limit, 1, MaxPageSize))
            .Select(e => new { e.Id, e.Name, e.ReceivedAt, e.SyncResult, Calls = db.Deliveries.Count(d => d.EventId == e.Id) })
            .ToListAsync(cancellationToken);
        // A projection reads the column as stored: its result is decrypted here (entities are decrypted as they load).
        return rows.Select(r => new SyncHookInvocation(r.Id, r.Name, r.ReceivedAt, cipher.DecryptSyncResult(r.Id, r.SyncResult) ?? "", r.Calls)).ToList();
    }

    /// <summary>One invocation with each called webhook's delivery and attempts (oldest first), or null.</summary>
    public async Task<SyncHookInvocationDetails?> GetAsync(Guid organizationId, Guid invocationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var invocation = await db.Events.AsNoTracking().SingleOrDefaultAsync(
            e => e.Id == invocationId && e.OrganizationId == organizationId && e.TriggerType == TriggerType.SyncHook, cancellationToken);
        if (invocation is null)
        {
            return null;
        }

        var calls = await db.Deliveries.AsNoTracking().AsSplitQuery()
            .Include(d => d.Webhook).Include(d => d.Attempts.OrderBy(a => a.Number))
            .Where(d => d.EventId == invocationId && d.OrganizationId == organizationId)
            .ToListAsync(cancellationToken);
        return new SyncHookInvocationDetails(
            new SyncHookInvocation(invocation.Id, invocation.Name, invocation.ReceivedAt, invocation.SyncResult ?? "", calls.Count),
            calls.OrderBy(c => c.Webhook!.Name, StringComparer.Ordinal).ToList());
    }
}

/// <summary>One sync hook call: which hook, when, and the merged JSON answer or the failure returned to the caller.</summary>
public sealed record SyncHookInvocation(Guid Id, string HookName, DateTimeOffset CalledAt, string Result, int WebhookCount)
{
    /// <summary>
    /// The invoker stores the merged JSON object when the call succeeded and the failure's sentence otherwise, so the
    /// outcome is read from the result's shape (a conflict between two answers fails with every delivery succeeded).
    /// </summary>
    public bool Succeeded => Result.StartsWith('{');
}

/// <summary>An invocation and its deliveries, one per called webhook, with their attempts.</summary>
public sealed record SyncHookInvocationDetails(SyncHookInvocation Invocation, IReadOnlyList<Domain.Delivery> Calls);
