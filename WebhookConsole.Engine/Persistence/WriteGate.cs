namespace WebhookConsole.Engine.Persistence;

/// <summary>
/// Serializes this process's hot-path write transactions (event batches, claims, attempt records). SQLite takes
/// one writer at a time; queueing writers here, in order, costs microseconds, where letting them collide costs
/// SQLite's busy-handler sleeps of milliseconds each. Other processes, and rare writes such as console commands,
/// still meet SQLite's own busy timeout.
/// </summary>
public sealed class WriteGate(SqlDialect dialect)
{
    private static readonly IDisposable Open = new OpenLease();
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Waits for the write turn on SQLite; on PostgreSQL, whose row locks do this job, returns at once.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken = default)
    {
        if (!dialect.SerializesWrites)
        {
            return Open;
        }

        await _gate.WaitAsync(cancellationToken);
        return new Lease(_gate);
    }

    private sealed class OpenLease : IDisposable
    {
        public void Dispose()
        {
        }
    }

    private sealed class Lease(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
