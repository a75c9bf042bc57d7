using System.Security.Cryptography;

namespace WebhookConsole.Engine.Verification;

/// <summary>
/// Makes <c>hub.challenge</c> values: 32 characters drawn uniformly from RFC 3986's unreserved set less
/// <c>~</c> and <c>.</c>, so the value needs no escaping in a query string or a response body.
/// </summary>
public static class ChallengeGenerator
{
    public const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    public const int Length = 32;

    public static string NewChallenge() => RandomNumberGenerator.GetString(Alphabet, Length);
}
