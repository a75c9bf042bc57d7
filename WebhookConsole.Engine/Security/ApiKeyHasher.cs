using System.Security.Cryptography;
using System.Text;

namespace WebhookConsole.Engine.Security;

/// <summary>
/// API keys are stored as SHA-256: they are long random strings, so a fast unsalted hash is enough
/// to make a stolen database useless while keeping the per-request lookup an index seek.
/// </summary>
public static class ApiKeyHasher
{
    public static string Hash(string apiKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));
}
