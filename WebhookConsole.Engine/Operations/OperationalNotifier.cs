using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace WebhookConsole.Engine.Operations;

/// <summary>
/// Sends queued operational events to every configured channel, one at a time, in the background: a slow or dead
/// channel delays only other notifications, never a delivery. Failures are logged by channel and reason, never with a
/// URL, secret or password.
/// </summary>
public sealed partial class OperationalNotifier(OperationalEvents events, NotificationSender sender, ILogger<OperationalNotifier> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var operationalEvent in events.Reader.ReadAllAsync(stoppingToken))
            {
                await NotifyAsync(operationalEvent, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: events still queued are dropped (best effort).
        }
    }

    /// <summary>Sends what is queued now and returns the outcomes (tests drive the notifier with this).</summary>
    public async Task<IReadOnlyList<NotificationOutcome>> SendQueuedAsync(CancellationToken cancellationToken)
    {
        var outcomes = new List<NotificationOutcome>();
        while (events.Reader.TryRead(out var operationalEvent))
        {
            outcomes.AddRange(await NotifyAsync(operationalEvent, cancellationToken));
        }

        return outcomes;
    }

    private async Task<List<NotificationOutcome>> NotifyAsync(OperationalEvent operationalEvent, CancellationToken cancellationToken)
    {
        var outcomes = new List<NotificationOutcome>();
        foreach (var channel in Enum.GetValues<NotificationChannel>().Where(sender.IsConfigured))
        {
            var outcome = await sender.SendAsync(channel, operationalEvent, cancellationToken);
            if (!outcome.Succeeded)
            {
                Log.Failed(logger, operationalEvent.Type, channel, outcome.Message);
            }

            outcomes.Add(outcome);
        }

        return outcomes;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "The {Type} notification to the {Channel} channel failed: {Reason}")]
        public static partial void Failed(ILogger logger, string type, NotificationChannel channel, string reason);
    }
}
