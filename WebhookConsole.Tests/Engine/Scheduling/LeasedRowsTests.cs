using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Diagnostics;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine.Scheduling;

/// <summary>
/// A leased row that waits in its endpoint's lane is sent only while its lease outlasts the request: once the lease has
/// run out the row may be leased again, here or on another node, so the dispatcher gives it back to the queue instead.
/// </summary>
public sealed class LeasedRowsTests()
    // One sender, so the second row waits in the lane while the first is answered.
    : EngineWithReceiver(new ManualTimeProvider(), new Dictionary<string, string?> { ["Delivery:MaxParallelism"] = "1" })
{
    // The dispatcher's lease (the longest request, 20 s, and the default margin, 30 s) and the default request timeout.
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(50);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    // Published with the dispatcher running, the rows are handed over with their lease; published before it starts,
    // they are stored pending and the claim leases them (the read-back brings the lease with the row).
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RowWaitingInItsLane_UntilItsLeaseCouldRunOutDuringTheRequest_GoesBackUnsentAndIsSentOnceOnANewLease(bool handedOver)
    {
        await Endpoints.CreateAsync(Engine, Receiver.Url);
        var firstArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Receiver.HoldPosts = () =>
        {
            firstArrived.TrySetResult();
            return answer.Task;
        };
        long returned = 0;
        using var listener = EngineInstrument.Listen(Engine.Services, DeliveryMetrics.ReturnedUnsentName, count => Interlocked.Add(ref returned, count));
        using var changes = new EngineChanges(Engine.Services);
        var accepted = handedOver ? [] : await Endpoints.PublishAsync(Engine, 2);
        await Engine.Dispatcher.StartAsync(CancellationToken.None);
        if (handedOver)
        {
            accepted = await Endpoints.PublishAsync(Engine, 2);
        }

        await firstArrived.Task.WaitAsync(TimeSpan.FromSeconds(60));
        // The second row has waited until less of its lease is left than its request may take.
        Time.Advance(Lease - Timeout + TimeSpan.FromSeconds(1));
        answer.SetResult();

        var received = await Receiver.NextDistinctPostsAsync(Endpoints.EventIdOf, accepted.ToHashSet(), TimeSpan.FromSeconds(60));
        await changes.CountAsync(EngineChangeKind.DeliveryRecorded, 3);
        await Engine.Dispatcher.StopAsync(CancellationToken.None);

        Assert.Equal(1, Interlocked.Read(ref returned));
        Assert.Equal(accepted.Order(), received.Select(Endpoints.EventIdOf).Order());
        Assert.Equal(2, Receiver.AllPosts.Count);
        await using var db = await Engine.CreateDbContextAsync();
        var rows = await db.Deliveries.Select(d => new { d.Status, d.AttemptCount, Attempts = d.Attempts.Count, d.LeaseOwner }).ToListAsync();
        Assert.All(rows, row => Assert.Equal((DeliveryStatus.Succeeded, 1, 1, (string?)null), (row.Status, row.AttemptCount, row.Attempts, row.LeaseOwner)));
    }
}
