using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Signing;

namespace WebhookConsole.Engine.Operations;

/// <summary>
/// Sends one operational event to one channel: the operational webhook (signed by <see cref="StandardFormat"/>'s rules),
/// Slack (<c>{"text": …}</c>) or email (SMTP, with MailKit: <c>System.Net.Mail.SmtpClient</c> is no longer recommended
/// by Microsoft for new code). Never throws for a failed send: the outcome says what happened.
/// </summary>
public sealed class NotificationSender(
    IHttpClientFactory clients, IOptionsMonitor<NotificationOptions> options, Organizations.OrganizationDirectory organizations, TimeProvider time)
{
    public const string HttpClientName = "notifications";

    private static readonly StandardFormat Standard = new();

    public bool IsConfigured(NotificationChannel channel) => channel switch
    {
        NotificationChannel.Webhook => options.CurrentValue.Webhook.IsConfigured,
        NotificationChannel.Slack => options.CurrentValue.Slack.IsConfigured,
        _ => options.CurrentValue.Email.IsConfigured,
    };

    public async Task<NotificationOutcome> SendAsync(NotificationChannel channel, OperationalEvent operationalEvent, CancellationToken cancellationToken)
    {
        if (!IsConfigured(channel))
        {
            return new(channel, false, $"The {channel} channel is not configured.");
        }

        try
        {
            // The channels are the platform's, shared by every organization: each notification names its organization.
            var organization = await organizations.FindAsync(operationalEvent.OrganizationId, cancellationToken);
            return channel switch
            {
                NotificationChannel.Webhook => await SendWebhookAsync(operationalEvent, organization, cancellationToken),
                NotificationChannel.Slack => await SendSlackAsync(operationalEvent, organization, cancellationToken),
                _ => await SendEmailAsync(operationalEvent, organization, cancellationToken),
            };
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or SocketException or InvalidOperationException or FormatException
            or MailKit.CommandException or MailKit.ProtocolException or ParseException or SslHandshakeException
            or System.Security.Authentication.AuthenticationException or MailKit.Security.AuthenticationException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Exception messages name the host and port at most, never the URL's path (where Slack keeps its secret)
            // nor the SMTP password.
            return new(channel, false, ex is OperationCanceledException ? "No answer within 10 seconds." : ex.Message);
        }
    }

    private static string Describe(Organizations.OrganizationEntry? organization, Guid id) =>
        organization is null ? id.ToString() : $"{organization.Name} ({organization.Handle}, {id})";

    private async Task<NotificationOutcome> SendWebhookAsync(OperationalEvent operationalEvent, Organizations.OrganizationEntry? organization, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue.Webhook;
        var data = new JsonObject
        {
            ["organization_id"] = operationalEvent.OrganizationId,
            ["organization_handle"] = organization?.Handle,
            ["webhook_id"] = operationalEvent.WebhookId,
            ["webhook_name"] = operationalEvent.WebhookName,
            ["delivery_id"] = operationalEvent.DeliveryId,
            ["message"] = operationalEvent.Message,
        };
        var id = TimeOrderedId.New(operationalEvent.OccurredAt);
        var context = new DeliveryContext(
            id,
            new WebhookEvent { Id = id, Name = operationalEvent.Type, Payload = data.ToJsonString(), ReceivedAt = operationalEvent.OccurredAt },
            new Webhook { Name = "operational notifications", TargetUrl = settings.Url!, Format = WebhookFormat.Standard },
            new Organization { Id = operationalEvent.OrganizationId, Handle = "", Name = "" },
            settings.Secret,
            "",
            time.GetUtcNow());
        var request = Standard.Build(context);
        using var content = new ByteArrayContent(request.Body);
        content.Headers.ContentType = new MediaTypeHeaderValue(request.ContentType);
        using var message = new HttpRequestMessage(HttpMethod.Post, settings.Url) { Content = content };
        foreach (var (name, value) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return await PostAsync(NotificationChannel.Webhook, message, cancellationToken);
    }

    private async Task<NotificationOutcome> SendSlackAsync(OperationalEvent operationalEvent, Organizations.OrganizationEntry? organization, CancellationToken cancellationToken)
    {
        var text = $"*{operationalEvent.Title}*\n{operationalEvent.Message}\nOrganization: {Describe(organization, operationalEvent.OrganizationId)}";
        using var message = new HttpRequestMessage(HttpMethod.Post, options.CurrentValue.Slack.WebhookUrl)
        {
            Content = new StringContent(JsonSerializer.Serialize(new { text }), System.Text.Encoding.UTF8, "application/json"),
        };
        return await PostAsync(NotificationChannel.Slack, message, cancellationToken);
    }

    private async Task<NotificationOutcome> PostAsync(NotificationChannel channel, HttpRequestMessage message, CancellationToken cancellationToken)
    {
        message.Options.Set(Diagnostics.DeliveryTracing.SecretUrl, true);
        using var response = await clients.CreateClient(HttpClientName).SendAsync(message, cancellationToken);
        var status = (int)response.StatusCode;
        return response.IsSuccessStatusCode
            ? new(channel, true, $"Sent: the endpoint answered {status}.")
            : new(channel, false, $"The endpoint answered {status}.");
    }

    private async Task<NotificationOutcome> SendEmailAsync(OperationalEvent operationalEvent, Organizations.OrganizationEntry? organization, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue.Email;
        using var message = new MimeMessage { Subject = $"[WebhookConsole] {operationalEvent.Title}" };
        message.From.Add(MailboxAddress.Parse(settings.From!));
        message.To.AddRange(InternetAddressList.Parse(settings.To!));
        message.Body = new TextPart("plain")
        {
            Text = $"{operationalEvent.Message}\n\nOrganization: {Describe(organization, operationalEvent.OrganizationId)}\nWebhook: {operationalEvent.WebhookId}\nAt: {operationalEvent.OccurredAt:yyyy-MM-dd HH:mm:ss} UTC",
        };

        using var client = new SmtpClient { Timeout = 10_000 };
        // UseTls: STARTTLS is required (a server that does not offer it is refused, never fallen back to plain text).
        await client.ConnectAsync(settings.Host!, settings.Port, settings.UseTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, cancellationToken);
        if (!string.IsNullOrEmpty(settings.UserName))
        {
            await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
        return new(NotificationChannel.Email, true, $"Sent to {settings.To} through {settings.Host}:{settings.Port}.");
    }
}
