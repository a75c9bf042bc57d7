using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Diagnostics;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Engine.Scheduling;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine.Scheduling;

/// <summary>
/// Fresh deliveries handed straight to this node's dispatcher (<see cref="DeliveryHandoff"/>): which are, what is stored,
/// what a dispatcher that dies before sending them leaves behind, and how an endpoint that is behind takes turns.
/// </summary>
public sealed class DeliveryHandoffTests : EngineWithReceiver
{
    private static readonly Guid A = Guid.Parse("aaaaaaaa-0000-0000-0000-000000000000");
    private static readonly Guid B = Guid.Parse("bbbbbbbb-0000-0000-0000-000000000000");

    public DeliveryHandoffTests()
        : base(new ManualTimeProvider())
    {
    }

    private DeliveryHandoff Handoff => Engine.Services.GetRequiredService<DeliveryHandoff>();

    [Fact]
    public async Task Subscribers_OnlyAWebhookWithoutCapRateFifoOrOpenCircuit_IsUnconstrained()
    {
        var plain = await Endpoints.CreateAsync(Engine, Receiver.Url + "/plain");
        var capped = await Endpoints.CreateAsync(Engine, Receiver.Url + "/capped", maxInFlight: 4);
        var limited = await Endpoints.CreateAsync(Engine, Receiver.Url + "/limited", ratePerSecond: 10);
        var fifo = await Endpoints.CreateAsync(Engine, Receiver.Url + "/fifo", ordering: DeliveryOrdering.Fifo);
        var open = await Endpoints.CreateAsync(Engine, Receiver.Url + "/open");
        var recovered = await Endpoints.CreateAsync(Engine, Receiver.Url + "/recovered");
        await using (var db = await Engine.CreateDbContextAsync())
        {
            db.EndpointStates.Add(new EndpointState { WebhookId = open, Circuit = CircuitState.Open, ConsecutiveFailures = 5 });
            db.EndpointStates.Add(new EndpointState { WebhookId = recovered, Circuit = CircuitState.Closed, ConsecutiveFailures = 1 });
            await db.SaveChangesAsync();
        }

        var subscribers = await Engine.Services.GetRequiredService<QueueStore>().SubscribersAsync([(Engine.Organization.Id, Endpoints.EventName)]);

        var unconstrained = subscribers[(Engine.Organization.Id, Endpoints.EventName)].ToDictionary(s => s.WebhookId, s => s.Unconstrained);
        Assert.Equal(new Dictionary<Guid, bool> { [plain] = true, [capped] = false, [limited] = false, [fifo] = false, [open] = false, [recovered] = true }, unconstrained);
    }

    [Fact]
    public async Task Publish_DispatcherTakesHandovers_PlainEndpointsRowIsStoredLeasedAndHandedOver_OthersArePending()
    {
        var plain = await Endpoints.CreateAsync(Engine, Receiver.Url + "/plain");
        var capped = await Endpoints.CreateAsync(Engine, Receiver.Url + "/capped", maxInFlight: 4);
        var dispatcher = new FakeDispatcher(Handoff, room: 10);

        var result = await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, Endpoints.EventName, """{"n":1}"""));

        var handedOver = Assert.Single(dispatcher.Received());
        Assert.Equal(plain, handedOver.WebhookId);
        Assert.Equal("1", System.Text.Json.Nodes.JsonNode.Parse(handedOver.Event!.Payload)!["n"]!.ToJsonString());
        var rows = await RowsAsync(result.EventId);
        Assert.Equal((DeliveryStatus.InFlight, FakeDispatcher.Owner, Time.GetUtcNow() + FakeDispatcher.Lease), rows[plain]);
        Assert.Equal((DeliveryStatus.Pending, (string?)null, (DateTimeOffset?)null), rows[capped]);
        Assert.Equal(0, dispatcher.Reserved(plain));
    }

    [Fact]
    public async Task RunningDispatcher_PlainEndpointsDeliveriesAreHandedOverAndSentOnce_CappedEndpointsAreClaimed()
    {
        var plain = await Endpoints.CreateAsync(Engine, Receiver.Url + "/plain");
        var capped = await Endpoints.CreateAsync(Engine, Receiver.Url + "/capped", maxInFlight: 4);
        long handedOver = 0;
        using var listener = EngineInstrument.Listen(Engine.Services, DeliveryMetrics.HandedOverName, count => Interlocked.Add(ref handedOver, count));
        using var changes = new EngineChanges(Engine.Services);
        await Engine.Dispatcher.StartAsync(CancellationToken.None);
        Assert.True(Handoff.IsOpen);

        var accepted = await Endpoints.PublishAsync(Engine, 10);
        var received = await Receiver.NextDistinctPostsAsync(post => $"{post.PathAndQuery.Split('/')[^1]} {Endpoints.EventIdOf(post)}",
            accepted.SelectMany(id => new[] { $"plain {id}", $"capped {id}" }).ToHashSet(), TimeSpan.FromSeconds(60));
        // Every attempt recorded before the dispatcher stops (a stop hands back what is still being answered).
        await changes.CountAsync(EngineChangeKind.DeliveryRecorded, 20);
        await Engine.Dispatcher.StopAsync(CancellationToken.None);

        Assert.Equal(20, received.Count);
        Assert.Equal(10, Interlocked.Read(ref handedOver));
        await using var db = await Engine.CreateDbContextAsync();
        var rows = await db.Deliveries.Select(d => new { d.WebhookId, d.Status, d.AttemptCount, Attempts = d.Attempts.Count }).ToListAsync();
        Assert.Equal(20, rows.Count);
        Assert.All(rows, row => Assert.Equal((DeliveryStatus.Succeeded, 1, 1), (row.Status, row.AttemptCount, row.Attempts)));
        Assert.Equal(10, rows.Count(r => r.WebhookId == plain));
        Assert.Equal(10, rows.Count(r => r.WebhookId == capped));
    }

    [Fact]
    public async Task Publish_NoRoomInTheLane_RowIsStoredPendingForTheClaim()
    {
        await Endpoints.CreateAsync(Engine, Receiver.Url);
        var dispatcher = new FakeDispatcher(Handoff, room: 2);

        var results = new List<PublishResult>();
        for (var i = 0; i < 3; i++)
        {
            results.Add(await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, Endpoints.EventName, $$"""{"n":{{i}}}""")));
        }

        Assert.Equal(results.Take(2).Select(r => r.EventId), dispatcher.Received().Select(d => d.EventId));
        Assert.Equal(DeliveryStatus.Pending, Assert.Single((await RowsAsync(results[2].EventId)).Values).Status);
    }

    [Fact]
    public async Task Publish_SameEventTwice_OnlyTheStoredDeliveryIsHandedOverAndTheDuplicatesRoomIsGivenBack()
    {
        var webhookId = await Endpoints.CreateAsync(Engine, Receiver.Url);
        var dispatcher = new FakeDispatcher(Handoff, room: 10);
        var eventId = Guid.NewGuid();

        var first = await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, Endpoints.EventName, "{}", EventId: eventId));
        var again = await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, Endpoints.EventName, "{}", EventId: eventId));

        Assert.False(first.Duplicate);
        Assert.True(again.Duplicate);
        Assert.Equal(eventId, Assert.Single(dispatcher.Received()).EventId);
        Assert.Equal(0, dispatcher.Reserved(webhookId));
    }

    [Fact]
    public async Task HandedOverRow_ItsDispatcherDiedBeforeSending_ReturnsWhenTheLeaseRunsOutAndIsSentOnce()
    {
        await Endpoints.CreateAsync(Engine, Receiver.Url);
        _ = new FakeDispatcher(Handoff, room: 10);
        var result = await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, Endpoints.EventName, """{"n":1}"""));
        Handoff.Close();

        // Leased to the dead dispatcher: no other claim takes it while the lease holds.
        Assert.Equal(0, await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None));
        Time.Advance(FakeDispatcher.Lease + TimeSpan.FromSeconds(1));
        await Engine.Services.GetRequiredService<EndpointClaims>().ReturnExpiredAsync(CancellationToken.None);
        Assert.Equal(1, await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None));

        Assert.Equal(result.EventId.ToString(), Endpoints.EventIdOf(await Receiver.NextPostAsync()));
        Assert.False(Receiver.TryTakePost(out _));
        var (status, owner, _) = Assert.Single((await RowsAsync(result.EventId)).Values);
        Assert.Equal((DeliveryStatus.Succeeded, null), (status, owner));
    }

    [Fact]
    public void TryLease_EndpointBehind_OneHandoverPerRowClaimedFromItsQueue_OthersUnaffected()
    {
        var dispatcher = new FakeDispatcher(Handoff, room: 100);
        Handoff.Claimed(due: [A], claimed: [(A, 2)]);

        var batch = Handoff.Begin(Time.GetUtcNow());
        Assert.Equal([true, true, false], Enumerable.Range(0, 3).Select(_ => batch.TryLease(Fresh(A), unconstrained: true)));
        Assert.True(batch.TryLease(Fresh(B), unconstrained: true), "an endpoint that is not behind is not held back");

        // Caught up: the claim found none of A's rows waiting any more.
        Handoff.Claimed(due: [], claimed: []);
        Assert.True(batch.TryLease(Fresh(A), unconstrained: true));
        Assert.Equal(3, dispatcher.Reserved(A));
    }

    [Fact]
    public void TryLease_ConstrainedOrNoDispatcherOrNoRoom_LeavesTheDeliveryPending()
    {
        var closed = Handoff.Begin(Time.GetUtcNow());
        var none = Fresh(A);
        Assert.False(closed.TryLease(none, unconstrained: true));

        var dispatcher = new FakeDispatcher(Handoff, room: 1);
        var batch = Handoff.Begin(Time.GetUtcNow());
        var constrained = Fresh(A);
        var first = Fresh(A);
        var full = Fresh(A);
        Assert.False(batch.TryLease(constrained, unconstrained: false));
        Assert.True(batch.TryLease(first, unconstrained: true));
        Assert.False(batch.TryLease(full, unconstrained: true));

        Assert.All(new[] { none, constrained, full }, d => Assert.Equal((DeliveryStatus.Pending, (string?)null), (d.Status, d.LeaseOwner)));
        Assert.Equal((DeliveryStatus.InFlight, FakeDispatcher.Owner), (first.Status, first.LeaseOwner));
        batch.Release();
        Assert.Equal(0, dispatcher.Reserved(A));
    }

    private static Delivery Fresh(Guid webhookId) => new() { Id = Guid.NewGuid(), WebhookId = webhookId, Status = DeliveryStatus.Pending };

    private async Task<Dictionary<Guid, (DeliveryStatus Status, string? Owner, DateTimeOffset? LeaseExpiresAt)>> RowsAsync(Guid eventId)
    {
        await using var db = await Engine.CreateDbContextAsync();
        return await db.Deliveries.Where(d => d.EventId == eventId).ToDictionaryAsync(d => d.WebhookId, d => (d.Status, d.LeaseOwner, d.LeaseExpiresAt));
    }

    /// <summary>
    /// Takes the handovers in place of the background dispatcher, with a fixed room per endpoint, and never sends them:
    /// what a dispatcher leaves behind when its process dies right after the publisher's commit.
    /// </summary>
    private sealed class FakeDispatcher
    {
        public const string Owner = "fake-node/1/dispatcher";
        public static readonly TimeSpan Lease = TimeSpan.FromSeconds(50);

        private readonly Channel<IReadOnlyList<Delivery>> _received = Channel.CreateUnbounded<IReadOnlyList<Delivery>>();
        private readonly Dictionary<Guid, int> _reserved = [];
        private readonly int _room;

        public FakeDispatcher(DeliveryHandoff handoff, int room)
        {
            _room = room;
            handoff.Open(new DeliveryHandoff.Receiver(Owner, () => Lease, Reserve, Unreserve, _received.Writer));
        }

        public int Reserved(Guid endpoint)
        {
            lock (_reserved)
            {
                return _reserved.GetValueOrDefault(endpoint);
            }
        }

        /// <summary>What was handed over so far; each taken counts as queued (its room no longer set aside).</summary>
        public List<Delivery> Received()
        {
            var received = new List<Delivery>();
            while (_received.Reader.TryRead(out var some))
            {
                received.AddRange(some);
            }

            foreach (var delivery in received)
            {
                Unreserve(delivery.WebhookId, 1);
            }

            return received;
        }

        private int Reserve(Guid endpoint)
        {
            lock (_reserved)
            {
                var held = _reserved.GetValueOrDefault(endpoint);
                if (held >= _room)
                {
                    return 0;
                }

                _reserved[endpoint] = held + 1;
                return 1;
            }
        }

        private void Unreserve(Guid endpoint, int count)
        {
            lock (_reserved)
            {
                _reserved[endpoint] = _reserved.GetValueOrDefault(endpoint) - count;
            }
        }
    }
}
