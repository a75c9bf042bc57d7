using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Security;

namespace WebhookConsole.Engine.Persistence;

/// <summary>
/// Keeps the events' payloads and sync hook results and the attempts' bodies encrypted (<see cref="PayloadCipher"/>)
/// for everything that goes through EF: entities are decrypted as they are materialized, tracked or not, and encrypted
/// as they are saved (then given their plaintext back). A projection that selects one of these columns
/// (<c>Select(e =&gt; e.Payload)</c>) and raw SQL get the stored text and decrypt it themselves (<see cref="QueueStore"/>,
/// <c>Privacy/SubjectErasure</c>, <c>Delivery/SyncHookLog</c>, <c>Maintenance/PayloadEncryption</c>); the
/// <c>ExecuteUpdate</c>s of erasure and retention write only values that hide nothing (<c>""</c>, <c>"{}"</c>, null).
/// </summary>
internal static class EncryptedColumns
{
    /// <summary>Gives the contexts built with these options the cipher of their stored payloads and bodies.</summary>
    public static DbContextOptionsBuilder UsePayloadCipher(this DbContextOptionsBuilder options, PayloadCipher cipher)
    {
        ((IDbContextOptionsBuilderInfrastructure)options).AddOrUpdateExtension(new CipherExtension(cipher));
        // One interceptor instance for every context and host: a materialization interceptor is part of the key of EF's
        // internal service provider, so an instance per host would build a provider per host (EF refuses more than 20).
        return options.AddInterceptors(Decryptor.Instance);
    }

    /// <summary>The cipher given with <see cref="UsePayloadCipher"/>; null for a context built without it (design time).</summary>
    public static PayloadCipher? CipherOf(IDbContextOptions options) => options.FindExtension<CipherExtension>()?.Cipher;

    /// <summary>
    /// Encrypts the payloads and bodies of the events and attempts about to be inserted or updated, in place, and returns
    /// their plaintext for <see cref="Restore"/>.
    /// </summary>
    public static List<Plaintext>? Encrypt(DbContext db, PayloadCipher cipher)
    {
        if (db.ChangeTracker.AutoDetectChangesEnabled)
        {
            db.ChangeTracker.DetectChanges();
        }

        List<Plaintext>? encrypted = null;
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }

            switch (entry.Entity)
            {
                case WebhookEvent e:
                    Encrypt(entry.Property(nameof(WebhookEvent.Payload)), cipher, StoredColumn.EventPayload, e.Id, 0, ref encrypted);
                    Encrypt(entry.Property(nameof(WebhookEvent.SyncResult)), cipher, StoredColumn.SyncResult, e.Id, 0, ref encrypted);
                    break;
                case Attempt a:
                    Encrypt(entry.Property(nameof(Attempt.RequestBody)), cipher, StoredColumn.RequestBody, a.DeliveryId, a.Number, ref encrypted);
                    Encrypt(entry.Property(nameof(Attempt.ResponseBody)), cipher, StoredColumn.ResponseBody, a.DeliveryId, a.Number, ref encrypted);
                    break;
            }
        }

        return encrypted;
    }

    /// <summary>Puts the plaintext back after a save; a saved entity stays unchanged (its original value is the plaintext too).</summary>
    public static void Restore(List<Plaintext>? encrypted)
    {
        foreach (var (property, plaintext) in encrypted ?? [])
        {
            var saved = property.EntityEntry.State == EntityState.Unchanged;
            property.CurrentValue = plaintext;
            if (saved)
            {
                property.OriginalValue = plaintext;
                property.IsModified = false;
            }
        }
    }

    private static void Encrypt(PropertyEntry property, PayloadCipher cipher, StoredColumn column, Guid rowId, int number, ref List<Plaintext>? encrypted)
    {
        // An update writes only the changed columns; an unchanged payload stays as it is stored.
        if ((property.EntityEntry.State == EntityState.Modified && !property.IsModified) || property.CurrentValue is not string { Length: > 0 } plaintext)
        {
            return;
        }

        property.CurrentValue = cipher.Encrypt(plaintext, column, rowId, number);
        (encrypted ??= []).Add(new Plaintext(property, plaintext));
    }

    /// <summary>A value encrypted for a save, to be given back to its entity afterwards.</summary>
    internal sealed record Plaintext(PropertyEntry Property, string Value);

    private sealed class Decryptor : IMaterializationInterceptor
    {
        public static readonly Decryptor Instance = new();

        public object InitializedInstance(MaterializationInterceptionData materializationData, object entity)
        {
            switch (entity)
            {
                case WebhookEvent e:
                    var cipher = ((WebhookDbContext)materializationData.Context).Cipher;
                    e.Payload = cipher.DecryptPayload(e.Id, e.Payload);
                    e.SyncResult = cipher.DecryptSyncResult(e.Id, e.SyncResult);
                    break;
                case Attempt a:
                    cipher = ((WebhookDbContext)materializationData.Context).Cipher;
                    a.RequestBody = cipher.DecryptRequestBody(a.DeliveryId, a.Number, a.RequestBody);
                    a.ResponseBody = cipher.DecryptResponseBody(a.DeliveryId, a.Number, a.ResponseBody);
                    break;
            }

            return entity;
        }
    }

    private sealed class CipherExtension(PayloadCipher cipher) : IDbContextOptionsExtension
    {
        public PayloadCipher Cipher { get; } = cipher;

        public DbContextOptionsExtensionInfo Info => field ??= new CipherExtensionInfo(this);

        public void ApplyServices(IServiceCollection services)
        {
        }

        public void Validate(IDbContextOptions options)
        {
        }

        // The cipher is read from each context's options, never from EF's services: every host shares one internal provider.
        private sealed class CipherExtensionInfo(IDbContextOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
        {
            public override bool IsDatabaseProvider => false;

            public override string LogFragment => "PayloadCipher ";

            public override int GetServiceProviderHashCode() => 0;

            public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is CipherExtensionInfo;

            public override void PopulateDebugInfo(IDictionary<string, string> debugInfo)
            {
            }
        }
    }
}
