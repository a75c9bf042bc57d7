using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WebhookConsole.Engine.Configuration;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Engine.Security;

namespace WebhookConsole.Engine.Signing;

/// <summary>
/// Each organization's ES256 key set: the current key signs, the next key is already published so receivers'
/// caches know it before it signs, and retired keys stay published for an overlap after rotation.
/// Private keys are encrypted at rest; the JWKS publishes only public parts.
/// </summary>
public sealed class SigningKeyService(
    IDbContextFactory<WebhookDbContext> dbs,
    SecretProtector protector,
    IOptionsMonitor<SigningOptions> options,
    Audit.AuditLog audit,
    TimeProvider time)
{
    private readonly ConcurrentDictionary<Guid, EcSigningKey> _current = new();
    private readonly SemaphoreSlim _creation = new(1, 1);

    /// <summary>The key that signs now, creating the key set on first use.</summary>
    public async Task<EcSigningKey> GetCurrentAsync(Guid organizationId, CancellationToken cancellationToken = default)
    {
        if (_current.TryGetValue(organizationId, out var cached))
        {
            return cached;
        }

        await EnsureKeySetAsync(organizationId, cancellationToken);
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var row = await db.SigningKeys.AsNoTracking()
            .SingleAsync(k => k.OrganizationId == organizationId && k.State == SigningKeyState.Current, cancellationToken);
        var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(Convert.FromBase64String(protector.Unprotect(row.ProtectedPrivateKey)), out _);
        return _current.GetOrAdd(organizationId, new EcSigningKey(row.Kid, key));
    }

    /// <summary>The keys a receiver may see signatures from: current, next, and retired ones within the overlap.</summary>
    public async Task<IReadOnlyList<SigningKey>> GetPublishedAsync(Guid organizationId, CancellationToken cancellationToken = default)
    {
        await EnsureKeySetAsync(organizationId, cancellationToken);
        var since = time.GetUtcNow() - options.CurrentValue.RetiredKeyOverlap;
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var keys = await db.SigningKeys.AsNoTracking()
            .Where(k => k.OrganizationId == organizationId && (k.State != SigningKeyState.Retired || k.RetiredAt >= since))
            .ToListAsync(cancellationToken);
        return [.. keys.OrderBy(k => k.State == SigningKeyState.Current ? 0 : k.State == SigningKeyState.Next ? 1 : 2).ThenByDescending(k => k.CreatedAt)];
    }

    /// <summary>Promotes the next key to current, retires the current one, and makes a new next key.</summary>
    public async Task RotateAsync(Guid organizationId, CancellationToken cancellationToken = default)
    {
        await EnsureKeySetAsync(organizationId, cancellationToken);
        var now = time.GetUtcNow();
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var keys = await db.SigningKeys.Where(k => k.OrganizationId == organizationId && k.State != SigningKeyState.Retired).ToListAsync(cancellationToken);
        foreach (var key in keys)
        {
            if (key.State == SigningKeyState.Current)
            {
                key.State = SigningKeyState.Retired;
                key.RetiredAt = now;
            }
            else
            {
                key.State = SigningKeyState.Current;
                key.ActivatedAt = now;
            }
        }

        var next = NewKey(organizationId, SigningKeyState.Next, now);
        db.SigningKeys.Add(next);
        var promoted = keys.FirstOrDefault(k => k.State == SigningKeyState.Current);
        audit.Record(db, organizationId, Audit.AuditAction.SigningKeyRotated,
            new Audit.AuditTarget(Audit.AuditTargetType.SigningKey, promoted?.Kid, promoted?.Kid),
            new { CurrentKid = promoted?.Kid, RetiredKids = keys.Where(k => k.State == SigningKeyState.Retired).Select(k => k.Kid).ToList(), NextKid = next.Kid });
        await db.SaveChangesAsync(cancellationToken);
        _current.TryRemove(organizationId, out _);
    }

    private async Task EnsureKeySetAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        if (await db.SigningKeys.AnyAsync(k => k.OrganizationId == organizationId && k.State == SigningKeyState.Current, cancellationToken))
        {
            return;
        }

        var now = time.GetUtcNow();
        db.SigningKeys.Add(NewKey(organizationId, SigningKeyState.Current, now));
        db.SigningKeys.Add(NewKey(organizationId, SigningKeyState.Next, now));
        await _creation.WaitAsync(cancellationToken);
        try
        {
            // Checked again under the lock: another request may have created the key set meanwhile.
            if (!await db.SigningKeys.AnyAsync(k => k.OrganizationId == organizationId && k.State == SigningKeyState.Current, cancellationToken))
            {
                await db.SaveChangesAsync(cancellationToken);
            }
        }
        finally
        {
            _creation.Release();
        }
    }

    private SigningKey NewKey(Guid organizationId, SigningKeyState state, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = key.ExportParameters(includePrivateParameters: false);
        var x = Base64Url.Encode(parameters.Q.X);
        var y = Base64Url.Encode(parameters.Q.Y);
        return new SigningKey
        {
            OrganizationId = organizationId,
            Kid = Thumbprint(x, y)[..16],
            State = state,
            ProtectedPrivateKey = protector.Protect(Convert.ToBase64String(key.ExportPkcs8PrivateKey())),
            PublicX = x,
            PublicY = y,
            CreatedAt = now,
            ActivatedAt = state == SigningKeyState.Current ? now : null,
        };
    }

    // RFC 7638: SHA-256 over the required members in lexicographic order, no white space.
    private static string Thumbprint(string x, string y) =>
        Base64Url.Encode(SHA256.HashData(Encoding.UTF8.GetBytes($$"""{"crv":"P-256","kty":"EC","x":"{{x}}","y":"{{y}}"}""")));
}
