using System.Collections.Frozen;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Engine.Persistence;

namespace WebhookConsole.Engine.Organizations;

/// <summary>What the hot paths need to know of an organization: its handle, its depth and whether it is disabled.</summary>
public sealed record OrganizationEntry(Guid Id, string Handle, string Name, int Depth, bool IsDisabled);

/// <summary>
/// Every organization's <see cref="OrganizationEntry"/>, read in one query and kept in memory, so publishing an event
/// can refuse a disabled organization and write its depth without a query of its own. A change made on this node is
/// seen at once (the <see cref="EngineChangeKind.OrganizationChanged"/> notification); one made on another node of a
/// PostgreSQL deployment within <see cref="MaxAge"/>. An id the snapshot lacks is looked up on its own (an organization
/// just created on another node, or written by a test): only an unknown id pays a query.
/// </summary>
public sealed class OrganizationDirectory : IDisposable
{
    /// <summary>How old the snapshot may get before a lookup reads the table again.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private static readonly Expression<Func<Organization, OrganizationEntry>> ToEntry =
        o => new OrganizationEntry(o.Id, o.Handle, o.Name, o.Depth, o.DisabledAt != null);

    private readonly IDbContextFactory<WebhookDbContext> _dbs;
    private readonly TimeProvider _time;
    private readonly IDisposable _subscription;
    private readonly SemaphoreSlim _loading = new(1, 1);
    private Snapshot? _snapshot;
    private int _changes; // counts local changes: a snapshot read before the latest one is stale

    public OrganizationDirectory(IDbContextFactory<WebhookDbContext> dbs, EngineNotifier notifier, TimeProvider time)
    {
        _dbs = dbs;
        _time = time;
        _subscription = notifier.Subscribe(change =>
        {
            if (change.Kind == EngineChangeKind.OrganizationChanged)
            {
                Interlocked.Increment(ref _changes);
            }
        });
    }

    /// <summary>The organization, or null when no organization has this id.</summary>
    public async ValueTask<OrganizationEntry?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var snapshot = _snapshot;
        if (snapshot is not null && !IsStale(snapshot))
        {
            return snapshot.Entries.TryGetValue(id, out var entry) ? entry : await FindMissingAsync(snapshot, id, cancellationToken);
        }

        snapshot = await LoadAsync(snapshot, cancellationToken);
        return snapshot.Entries.TryGetValue(id, out var loaded) ? loaded : null;
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _loading.Dispose();
    }

    private bool IsStale(Snapshot snapshot) => snapshot.Changes != Volatile.Read(ref _changes) || _time.GetUtcNow() - snapshot.LoadedAt >= MaxAge;

    private async Task<OrganizationEntry?> FindMissingAsync(Snapshot snapshot, Guid id, CancellationToken cancellationToken)
    {
        await using var db = await _dbs.CreateDbContextAsync(cancellationToken);
        var entry = await db.Organizations.AsNoTracking().Where(o => o.Id == id)
            .Select(ToEntry)
            .SingleOrDefaultAsync(cancellationToken);
        if (entry is not null)
        {
            // Kept until the snapshot is read again; a lost race with a reload only costs another lookup.
            Interlocked.CompareExchange(ref _snapshot, snapshot with { Entries = snapshot.Entries.Append(new(id, entry)).ToFrozenDictionary() }, snapshot);
        }

        return entry;
    }

    private async Task<Snapshot> LoadAsync(Snapshot? seen, CancellationToken cancellationToken)
    {
        await _loading.WaitAsync(cancellationToken);
        try
        {
            // Another caller loaded while this one waited: use its snapshot.
            if (_snapshot is { } current && !ReferenceEquals(current, seen) && !IsStale(current))
            {
                return current;
            }

            var loadedAt = _time.GetUtcNow();
            var changes = Volatile.Read(ref _changes);
            await using var db = await _dbs.CreateDbContextAsync(cancellationToken);
            var entries = await db.Organizations.AsNoTracking()
                .Select(ToEntry)
                .ToListAsync(cancellationToken);
            var loaded = new Snapshot(entries.ToFrozenDictionary(e => e.Id), loadedAt, changes);
            _snapshot = loaded;
            return loaded;
        }
        finally
        {
            _loading.Release();
        }
    }

    private sealed record Snapshot(FrozenDictionary<Guid, OrganizationEntry> Entries, DateTimeOffset LoadedAt, int Changes);
}
