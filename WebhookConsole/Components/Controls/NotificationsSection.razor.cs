using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using WebhookConsole.Engine.Audit;
using WebhookConsole.Engine.Operations;
using WebhookConsole.Engine.Security;

namespace WebhookConsole.Components.Controls;

/// <summary>The Notification channels section of Settings: what is configured (masked) and a test send per channel.</summary>
public sealed partial class NotificationsSection : SettingsSection
{
    private readonly Dictionary<NotificationChannel, NotificationOutcome> outcomes = [];
    private bool busy;

    [Inject]
    public required NotificationSender Sender { get; init; }

    [Inject]
    public required IOptionsMonitor<NotificationOptions> Options { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    [Inject]
    public required AuditLog Audit { get; init; }

    private static string Label(NotificationChannel channel) => channel switch
    {
        NotificationChannel.Webhook => "Operational webhook (standard)",
        NotificationChannel.Slack => "Slack",
        _ => "Email (SMTP)",
    };

    // URLs are masked too: a Slack incoming-webhook URL is itself the secret, and an operational URL may carry a token.
    private string Describe(NotificationChannel channel)
    {
        var options = Options.CurrentValue;
        return channel switch
        {
            NotificationChannel.Webhook => $"{MaskUrl(options.Webhook.Url)} · secret whsec_****{SecretGenerator.Hint(options.Webhook.Secret ?? "")}",
            NotificationChannel.Slack => MaskUrl(options.Slack.WebhookUrl),
            _ => $"{options.Email.Host}:{options.Email.Port} · TLS {(options.Email.UseTls ? "on" : "off")} · from {options.Email.From} · to {options.Email.To}"
                + (string.IsNullOrEmpty(options.Email.UserName) ? "" : " · signs in (password set)"),
        };
    }

    private static string MaskUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Authority}/****{SecretGenerator.Hint(url!)}" : "****";

    private async Task SendTestAsync(NotificationChannel channel)
    {
        if (!CanChange)
        {
            return;
        }

        busy = true;
        try
        {
            var test = new OperationalEvent(OperationalEventKind.Test, OrganizationId, null, null,
                $"A test notification sent from Settings by {OperatorName}. Operational events will arrive like this.", Time.GetUtcNow());
            var outcome = outcomes[channel] = await Sender.SendAsync(channel, test, CancellationToken.None);
            await Audit.RecordAloneAsync(OrganizationId, AuditAction.NotificationTestSent, new AuditTarget(AuditTargetType.Notification, channel.ToString(), channel.ToString()),
                new { Delivered = outcome.Succeeded }, outcome.Succeeded ? AuditLog.Success : AuditLog.Failure);
        }
        finally
        {
            busy = false;
        }
    }
}
