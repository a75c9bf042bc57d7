using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Signing;

/// <summary>Everything a wire format needs to build one attempt's request.</summary>
/// <param name="DeliveryId">Stays the same across attempts, so receivers can deduplicate.</param>
/// <param name="Secret">The webhook's HMAC secret in clear, for this request only.</param>
/// <param name="PublicBaseUrl">This hub's public base URL (<c>Delivery:PublicBaseUrl</c>), without a trailing slash.</param>
/// <param name="SentAt">When this attempt is signed: every attempt is signed afresh.</param>
/// <param name="PreviousSecret">A rotated secret still in its grace period: formats that can carry two signatures sign with both.</param>
/// <param name="SigningKey">The organization's current ES256 key, for the <c>jwt</c> format.</param>
public sealed record DeliveryContext(
    Guid DeliveryId,
    WebhookEvent Event,
    Webhook Webhook,
    Organization Organization,
    string? Secret,
    string PublicBaseUrl,
    DateTimeOffset SentAt,
    string? PreviousSecret = null,
    EcSigningKey? SigningKey = null);
