using System.Security.Cryptography;

namespace WebhookConsole.Engine.Signing;

/// <summary>A usable ES256 private key and its <c>kid</c>, for the length of one batch.</summary>
public sealed record EcSigningKey(string Kid, ECDsa Key);
