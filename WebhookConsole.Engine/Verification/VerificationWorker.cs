using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Configuration;
using WebhookConsole.Engine.Diagnostics;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Engine.Operations;
using WebhookConsole.Engine.Persistence;

namespace WebhookConsole.Engine.Verification;

/// <summary>
/// Runs pending WebSub verifications in the background, never on a request or UI thread. The pending
/// state lives in the database, so a restart picks up where the last process stopped. When a webhook
/// has no pending channel left it settles: all accepted after a subscribe means active; anything else
/// leaves it inactive with the failed channels marked. A lease renewal (see <c>WebSubLeaseRenewal</c>) re-verifies
/// channels of an active webhook: the webhook stays active whatever the answer, a failed renewal keeps the old
/// lease's expiry, and the renewal job disables the webhook only once that lease has run out.
/// </summary>
public sealed partial class VerificationWorker(
    IDbContextFactory<WebhookDbContext> dbs,
    WebSubVerifier verifier,
    VerificationSignal signal,
    EngineNotifier notifier,
    OperationalEvents operationalEvents,
    WorkerHeartbeat heartbeat,
    IOptionsMonitor<WebSubOptions> webSubOptions,
    IOptionsMonitor<DeliveryOptions> deliveryOptions,
    TimeProvider time,
    ILogger<VerificationWorker> logger) : BackgroundService
{
    private const int MaxParallelRequests = 8;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            heartbeat.Beat(WorkerHeartbeat.VerificationWorker);
            try
            {
                await RunPendingAsync(stoppingToken);
                await signal.WaitAsync(deliveryOptions.CurrentValue.PollInterval * 5, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                Log.RoundFailed(logger, ex);
                await Task.Delay(deliveryOptions.CurrentValue.PollInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Sends every pending verification request and settles the webhooks they belong to.</summary>
    public async Task RunPendingAsync(CancellationToken cancellationToken)
    {
        List<PendingVerification> pending;
        await using (var db = await dbs.CreateDbContextAsync(cancellationToken))
        {
            pending = await (
                from v in db.ChannelVerifications
                where v.State == VerificationState.SubscriptionPending || v.State == VerificationState.UnsubscriptionPending
                join w in db.Webhooks on v.WebhookId equals w.Id
                join o in db.Organizations on w.OrganizationId equals o.Id
                // A disabled organization's verifications wait with its deliveries, until it is enabled again.
                where o.DisabledAt == null
                select new PendingVerification(v.Id, v.State, v.Channel, w.Id, w.OrganizationId, w.TargetUrl, o.Handle, w.Name))
                .ToListAsync(cancellationToken);
        }

        await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = MaxParallelRequests, CancellationToken = cancellationToken },
            async (item, token) => await VerifyAsync(item, token));

        foreach (var webhookId in pending.Select(p => p.WebhookId).Distinct())
        {
            await SettleAsync(webhookId, cancellationToken);
        }
    }

    private async Task VerifyAsync(PendingVerification item, CancellationToken cancellationToken)
    {
        var channel = EventCatalog.FindChannel(item.Channel);
        var mode = item.State == VerificationState.SubscriptionPending ? VerificationMode.Subscribe : VerificationMode.Unsubscribe;
        var result = channel is null
            ? new VerificationResult($"Channel '{item.Channel}' is no longer in the catalog.")
            : await verifier.VerifyAsync(item.TargetUrl, mode, TopicBuilder.Build(item.OrganizationHandle, item.OrganizationId, channel), cancellationToken);
        heartbeat.Beat(WorkerHeartbeat.VerificationWorker);

        var now = time.GetUtcNow();
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        // The operator may have flipped the switch meanwhile: only the request still wanted is recorded.
        var row = await db.ChannelVerifications.SingleOrDefaultAsync(v => v.Id == item.Id && v.State == item.State, cancellationToken);
        if (row is null)
        {
            return;
        }

        row.LastAttemptAt = now;
        row.Error = result.Error;
        row.State = (mode, result.IsAccepted) switch
        {
            (VerificationMode.Subscribe, true) => VerificationState.SubscriptionAccepted,
            (VerificationMode.Subscribe, false) => VerificationState.SubscriptionError,
            (VerificationMode.Unsubscribe, true) => VerificationState.UnsubscriptionAccepted,
            _ => VerificationState.UnsubscriptionError,
        };
        row.LeaseExpiresAt = row.State switch
        {
            VerificationState.SubscriptionAccepted => now.AddSeconds(webSubOptions.CurrentValue.LeaseSeconds),
            // A failed renewal does not end the subscription the subscriber confirmed before: it lasts until its lease
            // runs out, and the lease renewal job needs that time to retry and, at expiry, to disable the webhook.
            VerificationState.SubscriptionError => row.LeaseExpiresAt,
            _ => null,
        };
        await db.SaveChangesAsync(cancellationToken);
        Log.Verified(logger, item.WebhookId, item.Channel, mode, result.IsAccepted);
        if (mode == VerificationMode.Subscribe && !result.IsAccepted)
        {
            operationalEvents.Raise(new OperationalEvent(OperationalEventKind.VerificationFailed, item.OrganizationId, item.WebhookId, item.WebhookName,
                $"The subscription to channel '{item.Channel}' was not confirmed: {result.Error}", now));
        }
    }

    private async Task SettleAsync(Guid webhookId, CancellationToken cancellationToken)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var webhook = await db.Webhooks.Include(w => w.Verifications).SingleOrDefaultAsync(w => w.Id == webhookId, cancellationToken);
        if (webhook is null || webhook.Verifications.Any(v => v.State.IsPending()))
        {
            return;
        }

        var settled = webhook.Status switch
        {
            WebhookStatus.Activating when webhook.Verifications.All(v => v.State == VerificationState.SubscriptionAccepted) => WebhookStatus.Active,
            WebhookStatus.Activating or WebhookStatus.Deactivating => WebhookStatus.Inactive,
            // Active: a lease renewal finished. Success or not, the webhook keeps receiving while its lease lasts;
            // WebSubLeaseRenewal disables it (with the reason) once a failed channel's lease has run out.
            var unchanged => unchanged,
        };
        if (settled != webhook.Status)
        {
            webhook.Status = settled;
            webhook.UpdatedAt = time.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
        }

        notifier.Publish(new EngineChange(EngineChangeKind.VerificationFinished, webhook.OrganizationId, webhook.Id));
    }

    private sealed record PendingVerification(
        long Id, VerificationState State, string Channel, Guid WebhookId, Guid OrganizationId, string TargetUrl, string OrganizationHandle, string WebhookName);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Verification of intent for webhook {WebhookId}, channel {Channel}, mode {Mode}: accepted {Accepted}.")]
        public static partial void Verified(ILogger logger, Guid webhookId, string channel, VerificationMode mode, bool accepted);

        [LoggerMessage(2, LogLevel.Error, "A verification round failed; pending verifications are retried.")]
        public static partial void RoundFailed(ILogger logger, Exception exception);
    }
}
