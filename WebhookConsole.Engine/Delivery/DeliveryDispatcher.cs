using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
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
/// Claims due deliveries in batches, signs and sends them with bounded parallelism, and records every
/// attempt and its outcome in one write per batch. Woken by <see cref="DispatchSignal"/>, polling as fallback.
/// </summary>
public sealed partial class DeliveryDispatcher(
    IDbContextFactory<WebhookDbContext> dbs,
    DeliveryQueue queue,
    QueueStore store,
    WebhookSender sender,
    RetryPolicy retryPolicy,
    SecretProtector protector,
    SigningKeyService signingKeys,
    IEnumerable<IWireFormat> formats,
    DispatchSignal signal,
    EngineNotifier notifier,
    DeliveryMetrics metrics,
    WorkerHeartbeat heartbeat,
    IOptionsMonitor<DeliveryOptions> options,
    TimeProvider time,
    ILogger<DeliveryDispatcher> logger) : BackgroundService
{
    // A lease outlives the longest allowed request (20 s) by a margin, so a live dispatcher never loses its rows.
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(20);

    private readonly Dictionary<WebhookFormat, IWireFormat> _formats = formats.ToDictionary(f => f.Format);

    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.CurrentValue.Lanes).Select(_ => Task.Run(() => RunLaneAsync(stoppingToken), stoppingToken)));

    // Lanes overlap one batch's sending with another's claiming and recording. A lane that found a full batch
    // wakes a sibling, so a burst spreads over every lane within one round trip instead of one poll interval.
    private async Task RunLaneAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            heartbeat.Beat(WorkerHeartbeat.DeliveryDispatcher);
            var claimed = 0;
            try
            {
                claimed = await DispatchBatchAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                Log.BatchFailed(logger, ex);
            }

            if (claimed >= options.CurrentValue.BatchSize)
            {
                signal.Notify();
                continue;
            }

            try
            {
                await signal.WaitAsync(options.CurrentValue.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>Claims one batch of due deliveries, sends them and records the outcomes. Returns how many it claimed.</summary>
    public async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var ids = await queue.ClaimAsync(Owner, settings.BatchSize, MaxTimeout + settings.LeaseMargin, cancellationToken);
        if (ids.Count == 0)
        {
            return 0;
        }

        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var deliveries = await db.Deliveries.AsNoTracking().Include(d => d.Event).Include(d => d.Webhook)
            .Where(d => ids.Contains(d.Id)).ToListAsync(cancellationToken);
        // No-tracking gives each row its own Webhook instance: share one per webhook, so a batch's changes to it add up.
        var webhooks = deliveries.Select(d => d.Webhook!).DistinctBy(w => w.Id).ToDictionary(w => w.Id);
        foreach (var delivery in deliveries)
        {
            delivery.Webhook = webhooks[delivery.WebhookId];
        }

        var before = webhooks.Values.ToDictionary(w => w.Id, w => (w.Status, w.FailingSince));
        var organizationIds = deliveries.Select(d => d.OrganizationId).Distinct().ToList();
        var organizations = await db.Organizations.Where(o => organizationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, cancellationToken);
        var now = time.GetUtcNow();
        var credentials = webhooks.Values.ToDictionary(w => w.Id, w => Unprotect(w, now));
        var keys = new Dictionary<Guid, EcSigningKey>();
        foreach (var organizationId in deliveries.Where(d => d.Webhook!.Format == WebhookFormat.Jwt).Select(d => d.OrganizationId).Distinct())
        {
            keys[organizationId] = await signingKeys.GetCurrentAsync(organizationId, cancellationToken);
        }

        var attempts = new SentAttempt?[deliveries.Count];
        try
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, deliveries.Count),
                new ParallelOptions { MaxDegreeOfParallelism = settings.MaxParallelism, CancellationToken = cancellationToken },
                async (i, token) =>
                {
                    var delivery = deliveries[i];
                    if (delivery.Webhook!.Status == WebhookStatus.Active)
                    {
                        attempts[i] = await AttemptAsync(delivery, organizations[delivery.OrganizationId], credentials[delivery.WebhookId],
                            keys.GetValueOrDefault(delivery.OrganizationId), settings, token);
                        heartbeat.Beat(WorkerHeartbeat.DeliveryDispatcher);
                    }
                });
        }
        catch (OperationCanceledException)
        {
            // Shutting down: record what was sent and hand the rest back to the queue at once.
            Record(deliveries, attempts, releaseUnsent: true);
            await SaveAsync(deliveries, attempts, webhooks.Values, before);
            throw;
        }

        Record(deliveries, attempts, releaseUnsent: false);
        await SaveAsync(deliveries, attempts, webhooks.Values, before);
        foreach (var delivery in deliveries)
        {
            notifier.Publish(new EngineChange(EngineChangeKind.DeliveryRecorded, delivery.OrganizationId, delivery.WebhookId, delivery.Id));
        }

        return ids.Count;
    }

    private async Task<SentAttempt> AttemptAsync(
        Domain.Delivery delivery, Organization organization, Credentials credentials, EcSigningKey? key, DeliveryOptions settings, CancellationToken cancellationToken)
    {
        var webhook = delivery.Webhook!;
        var context = new DeliveryContext(delivery.Id, delivery.Event!, webhook, organization, credentials.Secret,
            settings.PublicBaseUrl.TrimEnd('/'), time.GetUtcNow(), credentials.PreviousSecret, key);
        var request = _formats[webhook.Format].Build(context);
        var timeout = webhook.Timeout > TimeSpan.Zero ? webhook.Timeout : settings.DefaultEventTimeout;
        var outcome = await sender.SendAsync(webhook.TargetUrl, request, credentials.Headers, timeout, cancellationToken);
        return new SentAttempt(ToAttempt(delivery, webhook, request, credentials.Headers, outcome), outcome.RetryAfter);
    }

    private Task SaveAsync(List<Domain.Delivery> deliveries, SentAttempt?[] attempts, IEnumerable<Webhook> webhooks,
        Dictionary<Guid, (WebhookStatus Status, DateTimeOffset? FailingSince)> before) =>
        store.RecordAsync(Owner, deliveries, [.. attempts.Select(a => a?.Attempt)],
            webhooks.Where(w => before[w.Id] != (w.Status, w.FailingSince)));

    /// <summary>The log entry of one try, with custom header values masked.</summary>
    internal static Attempt ToAttempt(Domain.Delivery delivery, Webhook webhook, OutgoingRequest request, IReadOnlyDictionary<string, string[]> customHeaders, AttemptOutcome outcome) =>
        new()
        {
            DeliveryId = delivery.Id,
            Number = delivery.AttemptCount + 1,
            StartedAt = outcome.StartedAt,
            Duration = outcome.Duration,
            RequestUrl = webhook.TargetUrl,
            RequestHeaders = LoggedHeaders(request, customHeaders),
            RequestBody = Encoding.UTF8.GetString(request.Body),
            ResponseStatus = outcome.ResponseStatus,
            ResponseHeaders = outcome.ResponseHeaders,
            ResponseBody = outcome.ResponseBody,
            Error = outcome.Error,
            ErrorMessage = outcome.ErrorMessage,
        };

    private void Record(List<Domain.Delivery> deliveries, SentAttempt?[] attempts, bool releaseUnsent)
    {
        var now = time.GetUtcNow();
        for (var i = 0; i < deliveries.Count; i++)
        {
            var delivery = deliveries[i];
            delivery.LeaseOwner = null;
            delivery.LeaseExpiresAt = null;
            if (attempts[i] is not { Attempt: var attempt, RetryAfter: var retryAfter })
            {
                if (releaseUnsent)
                {
                    delivery.Status = delivery.AttemptCount == 0 ? DeliveryStatus.Pending : DeliveryStatus.Retrying;
                }
                else
                {
                    // The webhook was switched off or disabled after the event was accepted: sending now
                    // would reach a receiver that unsubscribed. The operator can redeliver.
                    delivery.Status = DeliveryStatus.Cancelled;
                    delivery.LastError = $"Not sent: the webhook is {delivery.Webhook!.Status.ToWord()}.";
                    delivery.CompletedAt = now;
                    metrics.RecordCancelled();
                }

                continue;
            }

            delivery.AttemptCount = attempt.Number;
            delivery.FirstAttemptAt ??= attempt.StartedAt;
            delivery.LastResponseStatus = attempt.ResponseStatus;
            delivery.LastError = attempt.ErrorMessage;
            var webhook = delivery.Webhook!;
            if (attempt.Succeeded)
            {
                delivery.Status = DeliveryStatus.Succeeded;
                delivery.CompletedAt = now;
                webhook.FailingSince = null;
                metrics.RecordAttempt(attempt.Duration, delivery.Status);
                continue;
            }

            webhook.FailingSince ??= attempt.StartedAt;
            if (attempt.ResponseStatus == 410)
            {
                // Standard Webhooks: 410 Gone means the receiver wants no more; stop instead of retrying.
                delivery.Status = DeliveryStatus.Failed;
                delivery.CompletedAt = now;
                if (webhook.Status != WebhookStatus.Disabled)
                {
                    webhook.Status = WebhookStatus.Disabled;
                    webhook.DisabledReason = $"The endpoint answered 410 Gone on {attempt.StartedAt:yyyy-MM-dd HH:mm} UTC, so WebhookConsole stopped sending to it.";
                    webhook.UpdatedAt = now;
                    Log.Disabled(logger, webhook.Id);
                }
            }
            else if (retryPolicy.NextAttemptAt(delivery.FirstAttemptAt.Value, delivery.AttemptCount, now, retryAfter) is { } next)
            {
                delivery.Status = DeliveryStatus.Retrying;
                delivery.NextAttemptAt = next;
            }
            else
            {
                delivery.Status = DeliveryStatus.Failed;
                delivery.CompletedAt = now;
            }

            metrics.RecordAttempt(attempt.Duration, delivery.Status);
        }
    }

    // The log shows custom header names but never their values: they often carry credentials.
    private static string LoggedHeaders(OutgoingRequest request, IReadOnlyDictionary<string, string[]> customHeaders)
    {
        var headers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
        {
            ["Content-Type"] = [request.ContentType],
            ["User-Agent"] = [WebhookHttpClient.UserAgent],
        };
        foreach (var name in customHeaders.Keys)
        {
            headers[name] = ["****"];
        }

        foreach (var (name, value) in request.Headers)
        {
            headers[name] = [value];
        }

        return JsonSerializer.Serialize(headers);
    }

    private Credentials Unprotect(Webhook webhook, DateTimeOffset now) => new(
        webhook.ProtectedSecret is null ? null : protector.Unprotect(webhook.ProtectedSecret),
        webhook.PreviousProtectedSecret is not null && webhook.PreviousSecretExpiresAt > now ? protector.Unprotect(webhook.PreviousProtectedSecret) : null,
        protector.UnprotectHeaders(webhook.ProtectedCustomHeaders));

    private sealed record Credentials(string? Secret, string? PreviousSecret, IReadOnlyDictionary<string, string[]> Headers);

    private sealed record SentAttempt(Attempt Attempt, TimeSpan? RetryAfter);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "A delivery batch failed; its rows return to the queue when their lease runs out.")]
        public static partial void BatchFailed(ILogger logger, Exception exception);

        [LoggerMessage(2, LogLevel.Warning, "Webhook {WebhookId} answered 410 Gone and was disabled.")]
        public static partial void Disabled(ILogger logger, Guid webhookId);
    }
}
