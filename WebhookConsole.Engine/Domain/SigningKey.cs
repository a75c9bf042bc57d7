namespace WebhookConsole.Engine.Domain;

/// <summary>Where an organization's ES256 key stands in its rotation.</summary>
public enum SigningKeyState
{
    /// <summary>Published in the JWKS ahead of use, so receivers' caches know it before it signs.</summary>
    Next,

    /// <summary>Signs every JWT delivery.</summary>
    Current,

    /// <summary>No longer signs; still published until <see cref="SigningKey.RetiredAt"/> plus the overlap.</summary>
    Retired,
}

/// <summary>One ES256 (P-256) key of an organization's key set. The private key is encrypted at rest.</summary>
public sealed class SigningKey
{
    public long Id { get; set; }

    public Guid OrganizationId { get; set; }

    /// <summary>The JWS <c>kid</c>: the base64url SHA-256 thumbprint prefix of the public key (RFC 7638).</summary>
    public required string Kid { get; set; }

    public SigningKeyState State { get; set; }

    /// <summary>The PKCS#8 private key, base64, encrypted with Data Protection.</summary>
    public required string ProtectedPrivateKey { get; set; }

    /// <summary>The public point's x coordinate, base64url (JWK <c>x</c>).</summary>
    public required string PublicX { get; set; }

    /// <summary>The public point's y coordinate, base64url (JWK <c>y</c>).</summary>
    public required string PublicY { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ActivatedAt { get; set; }

    public DateTimeOffset? RetiredAt { get; set; }
}
