using System.Threading.Channels;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Delivery;

/// <summary>
/// Fresh deliveries handed straight to this node's dispatcher. Otherwise a new delivery is stored pending, and the
/// dispatcher's claim finds it, leases it (a second write of its row and of its scheduler index entry), reads it back
/// with its event and decrypts the payload. Handed over, it is stored already leased to this node's dispatcher, and
/// once its transaction has committed the dispatcher gets it with the event the publisher still holds: the claim never
/// sees it. A crash before it is sent leaves it leased, and its lease running out returns it to the queue, as for any
/// claimed row (<see cref="Scheduling.EndpointClaims.ReturnExpiredAsync(CancellationToken)"/>).
/// <para>
/// A delivery is handed over only when the claim would lease it at once anyway: its webhook has no cap, no rate
/// limit, no FIFO line and a closed circuit (what counts across nodes goes through the claim,
/// <see cref="Scheduling.EndpointPolicy.IsConstrained"/>), and the endpoint's lane has room
/// (<see cref="Scheduling.FairLanes{T}.Reserve"/>). Anything else is stored pending.
/// </para>
/// <para>
/// An endpoint that is behind (due rows of it were waiting in the queue at the dispatcher's last claim) takes turns:
/// a fresh delivery is handed over only for a row the claim leased from its queue since, one for one. Its backlog
/// drains at half its pace or more while its fresh events keep arriving, and no row waits for ever behind fresh ones.
/// </para>
/// </summary>
public sealed class DeliveryHandoff
{
    private readonly object _lock = new();
    private volatile Receiver? _receiver;

    // The endpoints that are behind, each with how many fresh deliveries it may still be handed (its turns).
    private Dictionary<Guid, int> _turns = [];

    /// <summary>Whether a dispatcher of this process takes deliveries now.</summary>
    public bool IsOpen => _receiver is not null;

    /// <summary>Starts the handovers of one transaction's deliveries.</summary>
    public HandoffBatch Begin(DateTimeOffset now) => new(this, _receiver, now);

    /// <summary>The dispatcher takes handed-over deliveries from now on.</summary>
    internal void Open(Receiver receiver) => _receiver = receiver;

    /// <summary>The dispatcher is stopping: no more handovers; those on their way still reach it.</summary>
    internal void Close()
    {
        var receiver = _receiver;
        _receiver = null;
        receiver?.Deliveries.TryComplete();
    }

    /// <summary>
    /// What the dispatcher's last claim found: the endpoints whose due rows were waiting in the queue
    /// (<paramref name="due"/>), and how many rows it leased of each (<paramref name="claimed"/>), each one turn for a fresh delivery.
    /// </summary>
    internal void Claimed(IReadOnlyCollection<Guid> due, IEnumerable<(Guid Endpoint, int Count)> claimed)
    {
        lock (_lock)
        {
            if (due.Count == 0 && _turns.Count == 0)
            {
                return;
            }

            var turns = due.ToDictionary(endpoint => endpoint, endpoint => _turns.GetValueOrDefault(endpoint));
            foreach (var (endpoint, count) in claimed)
            {
                if (turns.TryGetValue(endpoint, out var left))
                {
                    turns[endpoint] = left + count;
                }
            }

            _turns = turns;
        }
    }

    // Whether a fresh delivery to the endpoint may be handed over as far as its backlog goes (and takes a turn if it is behind).
    internal bool TakeTurn(Guid endpoint)
    {
        lock (_lock)
        {
            if (!_turns.TryGetValue(endpoint, out var left))
            {
                return true;
            }

            if (left == 0)
            {
                return false;
            }

            _turns[endpoint] = left - 1;
            return true;
        }
    }

    internal void GiveBackTurn(Guid endpoint)
    {
        lock (_lock)
        {
            if (_turns.TryGetValue(endpoint, out var left))
            {
                _turns[endpoint] = left + 1;
            }
        }
    }

    /// <summary>A running dispatcher: its lease owner, the lease it gives, its lanes' room, and where handed-over deliveries go.</summary>
    internal sealed record Receiver(string Owner, Func<TimeSpan> Lease, Func<Guid, int> Reserve, Action<Guid, int> Unreserve,
        ChannelWriter<IReadOnlyList<Domain.Delivery>> Deliveries);
}

/// <summary>
/// The handovers of one transaction: <see cref="TryLease"/> while its deliveries are built, then <see cref="Deliver"/>
/// once it committed, or <see cref="Release"/> when it did not.
/// </summary>
public sealed class HandoffBatch
{
    private readonly DeliveryHandoff _handoff;
    private readonly DeliveryHandoff.Receiver? _receiver;
    private readonly DateTimeOffset _leaseExpiresAt;
    private readonly Dictionary<Guid, int> _reserved = [];

    internal HandoffBatch(DeliveryHandoff handoff, DeliveryHandoff.Receiver? receiver, DateTimeOffset now)
    {
        _handoff = handoff;
        _receiver = receiver;
        _leaseExpiresAt = receiver is null ? now : now + receiver.Lease();
    }

    /// <summary>
    /// Leases <paramref name="delivery"/> (still pending, not stored yet) to this node's dispatcher when its endpoint
    /// can take it now; <paramref name="unconstrained"/> says the webhook has no cap, rate limit, FIFO line or open circuit.
    /// </summary>
    public bool TryLease(Domain.Delivery delivery, bool unconstrained)
    {
        if (_receiver is null || !unconstrained || !_handoff.TakeTurn(delivery.WebhookId))
        {
            return false;
        }

        if (_receiver.Reserve(delivery.WebhookId) == 0)
        {
            _handoff.GiveBackTurn(delivery.WebhookId);
            return false;
        }

        _reserved[delivery.WebhookId] = _reserved.GetValueOrDefault(delivery.WebhookId) + 1;
        delivery.Status = DeliveryStatus.InFlight;
        delivery.LeaseOwner = _receiver.Owner;
        delivery.LeaseExpiresAt = _leaseExpiresAt;
        return true;
    }

    /// <summary>
    /// The transaction committed: the leased deliveries among <paramref name="stored"/> (each with its event) go to
    /// the dispatcher; the room of those not stored (duplicates) is given back. Returns how many were handed over.
    /// </summary>
    public int Deliver(IEnumerable<Domain.Delivery> stored)
    {
        if (_reserved.Count == 0)
        {
            return 0;
        }

        var leased = stored.Where(d => d.Status == DeliveryStatus.InFlight && d.LeaseOwner == _receiver!.Owner).ToList();
        foreach (var delivery in leased)
        {
            _reserved[delivery.WebhookId]--;
        }

        Release();
        // The dispatcher stopped meanwhile: the rows stay leased until their lease runs out, then return to the queue.
        return leased.Count > 0 && _receiver!.Deliveries.TryWrite(leased) ? leased.Count : 0;
    }

    /// <summary>The transaction did not commit (or these rows are done with): their room is given back.</summary>
    public void Release()
    {
        foreach (var (webhookId, count) in _reserved.Where(r => r.Value > 0))
        {
            _receiver!.Unreserve(webhookId, count);
        }

        _reserved.Clear();
    }
}
