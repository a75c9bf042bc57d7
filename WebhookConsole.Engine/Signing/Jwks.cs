using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Signing;

/// <summary>The public JSON Web Key Set of an organization, in SlashID's webhooks guide shape.</summary>
public static class Jwks
{
    /// <summary>One public key as a JWK (RFC 7517/7518): EC P-256 for ES256 verification.</summary>
    public sealed record Key(string Alg, string Crv, IReadOnlyList<string> KeyOps, string Kid, string Kty, string Use, string X, string Y);

    public sealed record KeySet(IReadOnlyList<Key> Keys);

    public static KeySet From(IEnumerable<SigningKey> keys) =>
        new([.. keys.Select(k => new Key("ES256", "P-256", ["verify"], k.Kid, "EC", "sig", k.PublicX, k.PublicY))]);
}
