using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WebhookConsole.Engine.Configuration;
using WebhookConsole.Engine.Diagnostics;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Engine.Security;
using WebhookConsole.Engine.Signing;

namespace WebhookConsole.Engine.Delivery;

/// <summary>
/// Sends the queue's due deliveries. In the background it is a pipeline: one claimer leases batches of due rows
/// into a small bounded buffer, <c>MaxParallelism</c> senders keep that many requests in flight at all times, and
/// one recorder writes finished attempts in batches. The database work never stalls the senders, and the buffer
/// bounds how much is claimed ahead. Woken by <see cref="DispatchSignal"/>, polling as fallback.
/// </summary>
public sealed partial class DeliveryDispatcher(
    DeliveryQueue queue,
    QueueStore store,
    WebhookSender sender,
    DeliveryOutcomes outcomes,
    SecretProtector protector,
    SigningKeyService signingKeys,
    IEnumerable<IWireFormat> formats,
    DispatchSignal signal,
    EngineNotifier notifier,
    WorkerHeartbeat heartbeat,
    IOptionsMonitor<DeliveryOptions> options,
    TimeProvider time,
    ILogger<DeliveryDispatcher> logger) : BackgroundService
{
    // A lease outlives the longest allowed request (20 s) by a margin, so a live dispatcher never loses its rows.
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(20);
    private const int MaxRecordBatch = 500;

    private readonly Dictionary<WebhookFormat, IWireFormat> _formats = formats.ToDictionary(f => f.Format);

    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.CurrentValue;
        var ready = Channel.CreateBounded<Work>(new BoundedChannelOptions(settings.BatchSize * 2) { SingleWriter = true });
        // Bounded too: when recording falls behind, senders wait instead of piling finished attempts up in memory.
        var done = Channel.CreateBounded<Done>(new BoundedChannelOptions(MaxRecordBatch * 2) { SingleReader = true });
        var recorder = Task.Run(() => RecordLoopAsync(done.Reader), CancellationToken.None);
        var senders = Enumerable.Range(0, settings.MaxParallelism).Select(_ => Task.Run(() => SendLoopAsync(ready.Reader, done.Writer, stoppingToken), CancellationToken.None)).ToList();
        await ClaimLoopAsync(ready.Writer, stoppingToken);
        await Task.WhenAll(senders);
        done.Writer.TryComplete();
        await recorder;
    }

    /// <summary>Claims one batch of due deliveries, sends them and records the outcomes. Returns how many it claimed.</summary>
    public async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        var batch = await ClaimAsync(cancellationToken);
        var finished = new Done[batch.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, batch.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.CurrentValue.MaxParallelism },
            async (i, _) => finished[i] = await SendAsync(batch[i], cancellationToken));
        await RecordAsync(finished);
        return batch.Count;
    }

    private async Task ClaimLoopAsync(ChannelWriter<Work> ready, CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                heartbeat.Beat(WorkerHeartbeat.DeliveryDispatcher);
                var claimed = 0;
                try
                {
                    var batch = await ClaimAsync(stoppingToken);
                    claimed = batch.Count;
                    foreach (var work in batch)
                    {
                        // Claimed rows always reach a sender, even during shutdown: senders hand them back to the queue.
                        while (!ready.TryWrite(work))
                        {
                            await ready.WaitToWriteAsync(CancellationToken.None);
                        }
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    Log.ClaimFailed(logger, ex);
                }

                if (claimed < options.CurrentValue.BatchSize)
                {
                    await signal.WaitAsync(options.CurrentValue.PollInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }
        }
        finally
        {
            ready.TryComplete();
        }
    }

    private async Task SendLoopAsync(ChannelReader<Work> ready, ChannelWriter<Done> done, CancellationToken stoppingToken)
    {
        while (await ready.WaitToReadAsync(CancellationToken.None))
        {
            while (ready.TryRead(out var work))
            {
                await done.WriteAsync(await SendAsync(work, stoppingToken), CancellationToken.None);
                heartbeat.Beat(WorkerHeartbeat.DeliveryDispatcher);
            }
        }
    }

    private async Task RecordLoopAsync(ChannelReader<Done> done)
    {
        var buffer = new List<Done>(MaxRecordBatch);
        while (await done.WaitToReadAsync())
        {
            while (buffer.Count < MaxRecordBatch && done.TryRead(out var item))
            {
                buffer.Add(item);
            }

            try
            {
                await RecordAsync(buffer);
            }
            catch (Exception ex)
            {
                Log.RecordFailed(logger, buffer.Count, ex);
            }

            buffer.Clear();
        }
    }

    private async Task<List<Work>> ClaimAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var ids = await queue.ClaimAsync(Owner, settings.BatchSize, MaxTimeout + settings.LeaseMargin, cancellationToken);
        if (ids.Count == 0)
        {
            return [];
        }

        var claimed = await store.LoadClaimedAsync(ids, cancellationToken);
        var now = time.GetUtcNow();
        var state = new BatchState(claimed.Webhooks.Values.ToDictionary(w => w.Id, w => (w.Status, w.FailingSince)));
        var credentials = claimed.Webhooks.Values.ToDictionary(w => w.Id, w => Unprotect(w, now));
        var keys = new Dictionary<Guid, EcSigningKey>();
        foreach (var organizationId in claimed.Webhooks.Values.Where(w => w.Format == WebhookFormat.Jwt).Select(w => w.OrganizationId).Distinct())
        {
            keys[organizationId] = await signingKeys.GetCurrentAsync(organizationId, cancellationToken);
        }

        return [.. claimed.Deliveries.Select(d => new Work(d, claimed.Organizations[d.OrganizationId], credentials[d.WebhookId],
            keys.GetValueOrDefault(d.OrganizationId), state))];
    }

    private async Task<Done> SendAsync(Work work, CancellationToken stoppingToken)
    {
        if (stoppingToken.IsCancellationRequested)
        {
            return new Done(work, null, null, Released: true);
        }

        var (delivery, organization, credentials, key, _) = work;
        var webhook = delivery.Webhook!;
        if (webhook.Status != WebhookStatus.Active)
        {
            return new Done(work, null, null, Released: false);
        }

        var settings = options.CurrentValue;
        var context = new DeliveryContext(delivery.Id, delivery.Event!, webhook, organization, credentials.Secret,
            settings.PublicBaseUrl.TrimEnd('/'), time.GetUtcNow(), credentials.PreviousSecret, key);
        var request = _formats[webhook.Format].Build(context);
        var timeout = webhook.Timeout > TimeSpan.Zero ? webhook.Timeout : settings.DefaultEventTimeout;
        try
        {
            var outcome = await sender.SendAsync(webhook.TargetUrl, request, credentials.Headers, timeout, stoppingToken);
            return new Done(work, AttemptLog.ToAttempt(delivery, webhook, request, credentials.Headers, outcome), outcome.RetryAfter, Released: false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return new Done(work, null, null, Released: true);
        }
    }

    private async Task RecordAsync(IReadOnlyList<Done> finished)
    {
        if (finished.Count == 0)
        {
            return;
        }

        foreach (var item in finished)
        {
            outcomes.Apply(item.Work.Delivery, item.Attempt, item.RetryAfter, item.Released);
        }

        var changed = finished.Select(f => (f.Work.Delivery.Webhook!, f.Work.Batch)).DistinctBy(p => p.Item1)
            .Where(p => p.Batch.Before[p.Item1.Id] != (p.Item1.Status, p.Item1.FailingSince)).ToList();
        await store.RecordAsync(Owner, [.. finished.Select(f => f.Work.Delivery)], [.. finished.Select(f => f.Attempt)], changed.Select(p => p.Item1));
        foreach (var (webhook, batch) in changed)
        {
            batch.Before[webhook.Id] = (webhook.Status, webhook.FailingSince);
        }

        foreach (var item in finished)
        {
            var delivery = item.Work.Delivery;
            notifier.Publish(new EngineChange(EngineChangeKind.DeliveryRecorded, delivery.OrganizationId, delivery.WebhookId, delivery.Id));
        }
    }

    private Credentials Unprotect(Webhook webhook, DateTimeOffset now) => new(
        webhook.ProtectedSecret is null ? null : protector.Unprotect(webhook.ProtectedSecret),
        webhook.PreviousProtectedSecret is not null && webhook.PreviousSecretExpiresAt > now ? protector.Unprotect(webhook.PreviousProtectedSecret) : null,
        protector.UnprotectHeaders(webhook.ProtectedCustomHeaders));

    private sealed record Credentials(string? Secret, string? PreviousSecret, IReadOnlyDictionary<string, string[]> Headers);

    /// <summary>What a claimed batch's webhooks looked like when loaded, to write back only what the batch changed.</summary>
    private sealed record BatchState(Dictionary<Guid, (WebhookStatus Status, DateTimeOffset? FailingSince)> Before);

    private sealed record Work(Domain.Delivery Delivery, Organization Organization, Credentials Credentials, EcSigningKey? Key, BatchState Batch);

    private sealed record Done(Work Work, Attempt? Attempt, TimeSpan? RetryAfter, bool Released);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Claiming due deliveries failed; the next claim tries again.")]
        public static partial void ClaimFailed(ILogger logger, Exception exception);

        [LoggerMessage(2, LogLevel.Error, "Recording {Count} finished attempts failed; those deliveries return to the queue when their lease runs out.")]
        public static partial void RecordFailed(ILogger logger, int count, Exception exception);
    }
}
