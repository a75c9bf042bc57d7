using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Webhooks;

namespace WebhookConsole.Engine.Signing;

/// <summary>
/// Standard Webhooks v1 (the X-Webhook-* receiver guide): body <c>{id, type, created, data}</c>; headers <c>webhook-id</c> (the event
/// id, the same across attempts), <c>webhook-timestamp</c> (this attempt's time) and <c>webhook-signature</c>
/// (<c>v1,</c> + base64 HMAC-SHA256 over <c>{id}.{timestamp}.{body}</c>, one per secret while a rotated secret
/// is in its grace period). The <c>X-Webhook-ID</c>, <c>X-Webhook-Timestamp</c> and
/// <c>X-Webhook-Signature: sha256=&lt;hex of the same HMAC&gt;</c> are sent too.
/// </summary>
public sealed class StandardFormat : IWireFormat
{
    public WebhookFormat Format => WebhookFormat.Standard;

    public OutgoingRequest Build(DeliveryContext context)
    {
        var id = context.Event.Id.ToString();
        var timestamp = context.SentAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var body = WriteBody(context.Event);
        var secret = context.Secret ?? throw new InvalidOperationException("A standard webhook needs a secret.");
        var signedContent = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(id.Length + timestamp.Length + 2) + body.Length);
        byte[] current;
        string signatures;
        try
        {
            var signed = SignedContent($"{id}.{timestamp}.", body, signedContent);
            current = Sign(secret, signed);
            signatures = "v1," + Convert.ToBase64String(current);
            if (context.PreviousSecret is { } previous)
            {
                signatures += " v1," + Convert.ToBase64String(Sign(previous, signed));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(signedContent, clearArray: true); // it held the payload
        }

        return new OutgoingRequest(body, "application/json",
        [
            new("webhook-id", id),
            new("webhook-timestamp", timestamp),
            new("webhook-signature", signatures),
            new("X-Webhook-ID", id),
            new("X-Webhook-Timestamp", timestamp),
            new("X-Webhook-Signature", "sha256=" + Convert.ToHexStringLower(current)),
        ], RebuiltRequestBody.Standard);
    }

    // {id}.{timestamp}.{body}, in one span of the buffer given: the prefix's UTF-8 bytes, then the body.
    private static ReadOnlySpan<byte> SignedContent(string prefix, byte[] body, byte[] buffer)
    {
        var written = Encoding.UTF8.GetBytes(prefix, buffer);
        body.CopyTo(buffer.AsSpan(written));
        return buffer.AsSpan(0, written + body.Length);
    }

    private static byte[] Sign(string secret, ReadOnlySpan<byte> content) =>
        WebhookSecrets.TryDecodeStandard(secret, out var key)
            ? HMACSHA256.HashData(key, content)
            : throw new InvalidOperationException("A standard webhook's secret must be whsec_ and base64.");

    /// <summary>The body of every attempt to deliver <paramref name="event"/> (also what <see cref="RebuiltRequestBody"/> rebuilds).</summary>
    internal static byte[] WriteBody(WebhookEvent @event) => ScratchJson.ToBytes(@event, static (json, @event) =>
    {
        json.WriteStartObject();
        json.WriteString("id", @event.Id);
        json.WriteString("type", @event.Name);
        json.WriteNumber("created", @event.ReceivedAt.ToUnixTimeSeconds());
        json.WritePropertyName("data");
        json.WriteStoredPayload(@event.Payload);
        json.WriteEndObject();
    });
}
