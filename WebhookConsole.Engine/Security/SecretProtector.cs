using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace WebhookConsole.Engine.Security;

/// <summary>Encrypts webhook secrets and custom header values at rest (ASP.NET Core Data Protection).</summary>
public sealed class SecretProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("WebhookConsole.Secrets.v1");

    public string Protect(string plaintext) => _protector.Protect(plaintext);

    public string Unprotect(string protectedText) => _protector.Unprotect(protectedText);

    /// <summary>Encrypts custom headers (name to values) as one JSON document; null when there are none.</summary>
    public string? ProtectHeaders(IReadOnlyDictionary<string, string[]> headers) =>
        headers.Count == 0 ? null : Protect(JsonSerializer.Serialize(headers));

    public IReadOnlyDictionary<string, string[]> UnprotectHeaders(string? protectedHeaders) =>
        protectedHeaders is null
            ? new Dictionary<string, string[]>()
            : JsonSerializer.Deserialize<Dictionary<string, string[]>>(Unprotect(protectedHeaders)) ?? [];
}
