namespace WebhookConsole.Engine.Scheduling;

/// <summary>
/// This process's claimed deliveries waiting for a sender: one lane per endpoint, served round robin (deficit round
/// robin with a cost of one request), so a row never waits behind another endpoint's slow requests. Work-conserving
/// with a fair share: an endpoint alone may use every sender; when several are active (work now, or within the last
/// <see cref="ActiveWindow"/>) each keeps at most its share in flight, and never more than its cap. An endpoint alone
/// leaves a sixteenth of the senders (at least one) free, so an endpoint that turns up next is served at once even
/// when the first one's requests hang until their timeout. The claim asks <see cref="Room"/> how many rows to lease
/// for an endpoint: its share of the senders plus its share of the claim-ahead. A rate-limited endpoint's rows also
/// pass a local token bucket of the same rate as they leave, so rows claimed together (or delayed together on a busy
/// machine) still reach the receiver at the rate.
/// </summary>
public sealed class FairLanes<T>
{
    /// <summary>How long an endpoint that ran out of work still counts as active (the longest request timeout), so a steady stream keeps its share between requests.</summary>
    public static readonly TimeSpan ActiveWindow = TimeSpan.FromSeconds(20);

    private readonly object _lock = new();
    private readonly Dictionary<Guid, Lane> _lanes = [];
    private readonly LinkedList<Lane> _ring = new();
    private readonly SemaphoreSlim _ready = new(0);
    private readonly int _senders;
    private readonly int _claimAhead;
    private readonly int _reserve;
    private readonly TimeProvider _time;
    private bool _closed;
    private int _activeCount;
    private DateTimeOffset _activeCountedAt;
    private bool _activeDirty = true;

    /// <param name="senders">Requests in flight at once, across all endpoints.</param>
    /// <param name="claimAhead">Rows leased ahead of the senders, across all endpoints.</param>
    public FairLanes(int senders, int claimAhead, TimeProvider time)
    {
        _senders = senders;
        _claimAhead = claimAhead;
        _reserve = senders > 1 ? Math.Max(1, senders / 16) : 0;
        _time = time;
    }

    /// <summary>Raised (outside the lock) when an endpoint's lane runs low and the claim should fill it.</summary>
    public event Action? RunningLow;

    /// <summary>
    /// How many more rows to lease for <paramref name="endpoint"/> now. A lane is refilled only once its queue ran
    /// low (at most half as many rows queued as in flight), so claims come in batches rather than one row at a time.
    /// </summary>
    public int Room(Guid endpoint, int? cap)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return 0;
            }

            var now = _time.GetUtcNow();
            _lanes.TryGetValue(endpoint, out var lane);
            var active = ActiveCount(now) + (lane is null || !IsActive(lane, now) ? 1 : 0);
            return lane is not null && !IsLow(lane) ? 0 : Math.Max(0, LaneLimit(cap, active) - Held(lane));
        }
    }

    /// <summary>
    /// Sets aside room for up to <paramref name="wanted"/> fresh rows of <paramref name="endpoint"/> that are about to
    /// be stored already leased (a delivery handed over at once, <c>Delivery/DeliveryHandoff.cs</c>): as many as its
    /// limit leaves beside what it holds, queued or in flight or set aside, without waiting for the lane to run low.
    /// Returns how many; each is later queued with <c>reserved: true</c> or given back with <see cref="Unreserve"/>.
    /// </summary>
    public int Reserve(Guid endpoint, int? cap, int wanted)
    {
        lock (_lock)
        {
            if (_closed || wanted <= 0)
            {
                return 0;
            }

            var now = _time.GetUtcNow();
            if (!_lanes.TryGetValue(endpoint, out var lane))
            {
                _lanes[endpoint] = lane = new Lane(endpoint) { LastActive = now };
                _activeDirty = true;
            }

            var granted = Math.Clamp(LaneLimit(cap, ActiveCount(now)) - Held(lane), 0, wanted);
            lane.Reserved += granted;
            return granted;
        }
    }

    /// <summary>Gives back room set aside by <see cref="Reserve"/> for rows that were not stored.</summary>
    public void Unreserve(Guid endpoint, int count)
    {
        lock (_lock)
        {
            if (_lanes.TryGetValue(endpoint, out var lane))
            {
                lane.Reserved = Math.Max(0, lane.Reserved - count);
            }
        }
    }

    // What a lane may hold, queued, in flight or set aside, with `active` endpoints sharing the senders: its share of
    // the senders plus its share of the claim-ahead, at least a few rows ahead so a fan-out to many endpoints does not
    // claim one row per statement, and never more than its cap.
    private int LaneLimit(int? cap, int active) => Limit(cap, SenderShare(active) + Math.Max(MinClaimAhead, Share(_claimAhead, active)));

    private static int Held(Lane? lane) => lane is null ? 0 : lane.Items.Count + lane.InFlight + lane.Reserved;

    /// <summary>Queues claimed rows of one endpoint.</summary>
    public bool Enqueue(Guid endpoint, int? cap, IReadOnlyCollection<T> items, int? ratePerSecond = null) => Enqueue([(endpoint, cap, ratePerSecond, items)]);

    /// <summary>Queues a claim's rows, every endpoint's at once, so the shares count them all from the first take.</summary>
    /// <param name="reserved">The rows had room set aside by <see cref="Reserve"/>, which they now take.</param>
    /// <returns>False, with nothing queued, once <see cref="Close"/> was called and the senders may be gone.</returns>
    public bool Enqueue(IReadOnlyCollection<(Guid Endpoint, int? Cap, int? RatePerSecond, IReadOnlyCollection<T> Items)> claimed, bool reserved = false)
    {
        var count = 0;
        lock (_lock)
        {
            if (_closed)
            {
                return false;
            }

            var now = _time.GetUtcNow();
            foreach (var (endpoint, cap, rate, items) in claimed.Where(c => c.Items.Count > 0))
            {
                if (!_lanes.TryGetValue(endpoint, out var lane))
                {
                    _lanes[endpoint] = lane = new Lane(endpoint);
                }

                lane.Cap = cap;
                lane.Rate = rate;
                lane.Reserved = reserved ? Math.Max(0, lane.Reserved - items.Count) : lane.Reserved;
                lane.LastActive = now;
                lane.LowSignalled = false;
                foreach (var item in items)
                {
                    lane.Items.Enqueue(item);
                }

                lane.Node ??= _ring.AddLast(lane);
                count += items.Count;
                _activeDirty = true;
            }
        }

        Wake(count);
        return true;
    }

    /// <summary>
    /// The next row a sender should send: the next lane in turn whose in-flight count is below its limit. Waits while
    /// there is none; null once <see cref="Close"/> was called and every lane is empty.
    /// </summary>
    public async Task<(Guid Endpoint, T Item)?> TakeAsync()
    {
        while (true)
        {
            var (taken, low) = TryTake();
            if (low)
            {
                RunningLow?.Invoke();
            }

            if (taken is not null)
            {
                return taken;
            }

            lock (_lock)
            {
                if (_closed && _ring.Count == 0)
                {
                    return null;
                }
            }

            // Until a row comes, a sender finishes, or a rate-limited lane's next token; the 250 ms cap is a backstop
            // for shares that change as lanes fall idle.
            await _ready.WaitAsync(NextTokenIn() is { } token && token < Backstop ? token : Backstop);
        }
    }

    /// <summary>A sender finished a row of <paramref name="endpoint"/>.</summary>
    public void Complete(Guid endpoint)
    {
        bool low;
        lock (_lock)
        {
            var lane = _lanes[endpoint];
            lane.InFlight--;
            lane.LastActive = _time.GetUtcNow();
            low = MarkLow(lane);
        }

        Wake(1);
        if (low)
        {
            RunningLow?.Invoke();
        }
    }

    /// <summary>No more rows come; senders drain what is queued (to hand it back) and then stop.</summary>
    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
        }

        Wake(_senders);
    }

    private ((Guid, T)? Taken, bool Low) TryTake()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var share = SenderShare(ActiveCount(now));
            for (var node = _ring.First; node is not null; node = node.Next)
            {
                var lane = node.Value;
                if (!_closed && (lane.InFlight >= Limit(lane.Cap, share) || !lane.TakeToken(now)))
                {
                    continue;
                }

                var item = lane.Items.Dequeue();
                lane.InFlight++;
                lane.LastActive = now;
                _ring.Remove(node);
                lane.Node = lane.Items.Count > 0 ? _ring.AddLast(lane) : null;
                return ((lane.Id, item), MarkLow(lane));
            }

            return (null, false);
        }
    }

    private bool MarkLow(Lane lane)
    {
        if (lane.LowSignalled || !IsLow(lane))
        {
            return false;
        }

        lane.LowSignalled = true;
        return true;
    }

    private static readonly TimeSpan Backstop = TimeSpan.FromMilliseconds(250);
    private const int MinClaimAhead = 8;
    private static readonly TimeSpan ActiveRecount = TimeSpan.FromMilliseconds(100);

    private TimeSpan? NextTokenIn()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            TimeSpan? next = null;
            foreach (var lane in _ring)
            {
                if (lane.Rate is { } rate)
                {
                    var wait = TimeSpan.FromSeconds(Math.Max(0, 1 - lane.Tokens) / rate) - (now - lane.TokensAt);
                    next = next is null || wait < next ? wait : next;
                }
            }

            return next is { } n ? (n > TimeSpan.FromMilliseconds(1) ? n : TimeSpan.FromMilliseconds(1)) : null;
        }
    }

    private static bool IsLow(Lane lane) => lane.Items.Count <= lane.InFlight / 2;

    // Counting the active lanes walks every lane: done again when a claim adds rows, else at most every 100 ms (lanes
    // fall idle only as time passes), not on every take.
    private int ActiveCount(DateTimeOffset now)
    {
        if (!_activeDirty && now - _activeCountedAt < ActiveRecount && now >= _activeCountedAt)
        {
            return _activeCount;
        }

        _activeCount = CountActive(now);
        _activeCountedAt = now;
        _activeDirty = false;
        return _activeCount;
    }

    private int CountActive(DateTimeOffset now)
    {
        var count = 0;
        List<Guid>? idle = null;
        foreach (var lane in _lanes.Values)
        {
            if (IsActive(lane, now))
            {
                count++;
            }
            else
            {
                (idle ??= []).Add(lane.Id);
            }
        }

        foreach (var id in idle ?? [])
        {
            _lanes.Remove(id);
        }

        return count;
    }

    private static bool IsActive(Lane lane, DateTimeOffset now) => lane.Items.Count > 0 || lane.InFlight > 0 || lane.Reserved > 0 || now - lane.LastActive < ActiveWindow;

    private int SenderShare(int active) => active <= 1 ? _senders - _reserve : Share(_senders, active);

    private static int Share(int total, int active) => Math.Max(1, (total + Math.Max(1, active) - 1) / Math.Max(1, active));

    private static int Limit(int? cap, int share) => cap is { } c && c < share ? c : share;

    private void Wake(int count)
    {
        // Wake-ups beyond the number of senders would only spin them.
        var release = Math.Min(count, _senders - _ready.CurrentCount);
        if (release > 0)
        {
            _ready.Release(release);
        }
    }

    private sealed class Lane(Guid id)
    {
        public Guid Id { get; } = id;

        public Queue<T> Items { get; } = new();

        public int InFlight { get; set; }

        /// <summary>Room set aside for rows about to be stored leased (<see cref="Reserve"/>), not queued yet.</summary>
        public int Reserved { get; set; }

        public int? Cap { get; set; }

        public int? Rate { get; set; }

        public double Tokens { get; set; } = double.NaN;

        public DateTimeOffset TokensAt { get; set; }

        /// <summary>Takes one token of the lane's local bucket (one second's worth, refilled at the rate); true without a rate.</summary>
        public bool TakeToken(DateTimeOffset now)
        {
            if (Rate is not { } rate)
            {
                return true;
            }

            Tokens = double.IsNaN(Tokens) ? rate : Math.Min(rate, Tokens + Math.Max(0, (now - TokensAt).TotalSeconds) * rate);
            TokensAt = now;
            if (Tokens < 1)
            {
                return false;
            }

            Tokens -= 1;
            return true;
        }

        public DateTimeOffset LastActive { get; set; }

        public bool LowSignalled { get; set; }

        public LinkedListNode<Lane>? Node { get; set; }
    }
}
