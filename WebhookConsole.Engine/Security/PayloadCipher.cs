using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace WebhookConsole.Engine.Security;

/// <summary>The stored value a ciphertext belongs to, bound into it with its row's id.</summary>
public enum StoredColumn : byte
{
    /// <summary><c>events.Payload</c>, bound to the event's id.</summary>
    EventPayload = 1,

    /// <summary><c>events.SyncResult</c>, bound to the sync hook call's (event's) id.</summary>
    SyncResult = 2,

    /// <summary><c>attempts.RequestBody</c>, bound to the delivery's id and the attempt's number.</summary>
    RequestBody = 3,

    /// <summary><c>attempts.ResponseBody</c>, bound to the delivery's id and the attempt's number.</summary>
    ResponseBody = 4,
}

/// <summary>
/// Encrypts event payloads, sync hook results and attempts' request and response bodies at rest: AES-256-GCM under a
/// key derived (HKDF-SHA256) from the master key, a fresh random 96-bit nonce per value, and associated data naming the
/// column and the row (event id; delivery id and attempt number), so a ciphertext copied to another row or column does
/// not decrypt. Stored as text in the same columns: <c>$wcp1$</c> followed by the base64 of nonce, ciphertext and tag.
/// A value without the prefix was written before encryption at rest and is returned as it is.
/// </summary>
/// <remarks>
/// On the delivery hot path (thousands of values a second): the key is derived once; each thread keeps its own
/// <see cref="AesGcm"/> (an instance is not safe to share across threads) and draws its nonces from its own block of
/// random bytes, refilled from the system's generator 340 nonces at a time (a 12-byte fill cost more than the encryption
/// itself); the only allocation per call is the resulting string, the working buffers are pooled and the plaintext copy
/// in them is zeroed before they go back.
/// </remarks>
public sealed class PayloadCipher : IDisposable
{
    /// <summary>Starts every stored ciphertext (format version 1); base64 never contains <c>$</c>.</summary>
    public const string Prefix = "$wcp1$";

    // The prefix's UTF-8, for values written as bytes.
    private static ReadOnlySpan<byte> PrefixUtf8 => "$wcp1$"u8;

    private const int NonceSize = 12;
    private const int TagSize = 16;

    // Associated data: the column (1 byte), the row's id (16 bytes) and the attempt's number (4 bytes, 0 for events).
    private const int AssociatedDataSize = 1 + 16 + 4;

    private readonly ThreadLocal<Worker> _workers;

    public PayloadCipher(MasterKey masterKey)
    {
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey.Key, 32, salt: [], info: "WebhookConsole.StoredPayloads.v1"u8.ToArray());
        _workers = new ThreadLocal<Worker>(() => new Worker(new AesGcm(key, TagSize)), trackAllValues: true);
    }

    /// <summary>Whether <paramref name="stored"/> is a ciphertext of this format (and not a value written before encryption).</summary>
    public static bool IsEncrypted([NotNullWhen(true)] string? stored) => stored is not null && stored.StartsWith(Prefix, StringComparison.Ordinal);

    // A request body that the delivery log rebuilds from its event is stored as its recipe, which holds nothing of the
    // payload (Signing/RebuiltRequestBody): it is written and read as it is.
    private static bool IsRecipe(StoredColumn column, string value) => column == StoredColumn.RequestBody && Signing.RebuiltRequestBody.IsRecipe(value);

    public string EncryptPayload(Guid eventId, string payload) => Encrypt(payload, StoredColumn.EventPayload, eventId);

    public string DecryptPayload(Guid eventId, string stored) => Decrypt(stored, StoredColumn.EventPayload, eventId);

    public string? EncryptSyncResult(Guid eventId, string? result) => Encrypt(result, StoredColumn.SyncResult, eventId);

    public string? DecryptSyncResult(Guid eventId, string? stored) => Decrypt(stored, StoredColumn.SyncResult, eventId);

    public string EncryptRequestBody(Guid deliveryId, int number, string body) => Encrypt(body, StoredColumn.RequestBody, deliveryId, number);

    public string DecryptRequestBody(Guid deliveryId, int number, string stored) => Decrypt(stored, StoredColumn.RequestBody, deliveryId, number);

    public string? EncryptResponseBody(Guid deliveryId, int number, string? body) => Encrypt(body, StoredColumn.ResponseBody, deliveryId, number);

    public string? DecryptResponseBody(Guid deliveryId, int number, string? stored) => Decrypt(stored, StoredColumn.ResponseBody, deliveryId, number);

    /// <summary>
    /// The stored form of <paramref name="plaintext"/> in <paramref name="column"/> of the row <paramref name="rowId"/>
    /// (and attempt <paramref name="number"/>). Null and the empty string stay as they are: they hold nothing to hide,
    /// and an erasure or a retention purge writes them in clear. So does a request body's recipe.
    /// </summary>
    [return: NotNullIfNotNull(nameof(plaintext))]
    public string? Encrypt(string? plaintext, StoredColumn column, Guid rowId, int number = 0)
    {
        if (string.IsNullOrEmpty(plaintext) || IsRecipe(column, plaintext))
        {
            return plaintext;
        }

        var (buffer, start, sealedLength) = Seal(plaintext, column, rowId, number);
        try
        {
            return string.Create(Prefix.Length + Base64.GetMaxEncodedToUtf8Length(sealedLength), (buffer, start, sealedLength), static (text, state) =>
            {
                Prefix.CopyTo(text);
                Convert.TryToBase64Chars(state.buffer.AsSpan(state.start, state.sealedLength), text[Prefix.Length..], out _);
            });
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// <see cref="EncryptPayload"/>'s stored text as its UTF-8 bytes (the text is ASCII), in an array rented from the
    /// shared pool, for a writer that binds bytes: no string of it is made, nor converted back to UTF-8 to be bound.
    /// </summary>
    public StoredUtf8 EncryptPayloadUtf8(Guid eventId, string payload)
    {
        if (string.IsNullOrEmpty(payload))
        {
            return new StoredUtf8(ArrayPool<byte>.Shared.Rent(0), 0);
        }

        var (buffer, start, sealedLength) = Seal(payload, StoredColumn.EventPayload, eventId, 0);
        try
        {
            var stored = ArrayPool<byte>.Shared.Rent(PrefixUtf8.Length + Base64.GetMaxEncodedToUtf8Length(sealedLength));
            PrefixUtf8.CopyTo(stored);
            Base64.EncodeToUtf8(buffer.AsSpan(start, sealedLength), stored.AsSpan(PrefixUtf8.Length), out _, out var written);
            return new StoredUtf8(stored, PrefixUtf8.Length + written);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Encrypts the plaintext's UTF-8 into a rented buffer: its nonce, ciphertext and tag lie at [start, start + length),
    // and the plaintext's copy before them is zeroed. The caller returns the buffer.
    private (byte[] Buffer, int Start, int Length) Seal(string plaintext, StoredColumn column, Guid rowId, int number)
    {
        var plainLength = Encoding.UTF8.GetByteCount(plaintext);
        var sealedLength = NonceSize + plainLength + TagSize;
        var buffer = ArrayPool<byte>.Shared.Rent(plainLength + sealedLength);
        var plain = buffer.AsSpan(0, plainLength);
        Encoding.UTF8.GetBytes(plaintext, plain);
        var sealedBytes = buffer.AsSpan(plainLength, sealedLength);
        var worker = _workers.Value!;
        worker.NextNonce(sealedBytes[..NonceSize]);
        Span<byte> associatedData = stackalloc byte[AssociatedDataSize];
        WriteAssociatedData(associatedData, column, rowId, number);
        worker.Aes.Encrypt(sealedBytes[..NonceSize], plain, sealedBytes.Slice(NonceSize, plainLength), sealedBytes[^TagSize..], associatedData);
        CryptographicOperations.ZeroMemory(plain);
        return (buffer, plainLength, sealedLength);
    }

    /// <summary>
    /// The plaintext of a value stored in <paramref name="column"/> of the row <paramref name="rowId"/> (and attempt
    /// <paramref name="number"/>); a value without the prefix (written before encryption at rest) as it is.
    /// </summary>
    /// <exception cref="StoredValueException">The ciphertext is damaged, belongs to another row or column, or was made under another master key.</exception>
    [return: NotNullIfNotNull(nameof(stored))]
    public string? Decrypt(string? stored, StoredColumn column, Guid rowId, int number = 0)
    {
        if (!IsEncrypted(stored) || IsRecipe(column, stored))
        {
            return stored;
        }

        var encoded = stored.AsSpan(Prefix.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(encoded.Length / 4 * 3 + 3);
        try
        {
            return Convert.TryFromBase64Chars(encoded, buffer, out var sealedLength)
                ? Open(buffer.AsSpan(0, sealedLength), column, rowId, number)
                : throw Damaged(column, rowId, number);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// <see cref="DecryptPayload(Guid, string)"/> from the stored text's UTF-8 bytes, as a database client that reads bytes gives
    /// them: no string of the stored text is made on the way.
    /// </summary>
    /// <exception cref="StoredValueException">As for <see cref="Decrypt"/>.</exception>
    public string DecryptPayload(Guid eventId, ReadOnlySpan<byte> stored)
    {
        if (!stored.StartsWith(PrefixUtf8))
        {
            return Encoding.UTF8.GetString(stored);
        }

        var encoded = stored[PrefixUtf8.Length..];
        var buffer = ArrayPool<byte>.Shared.Rent(Base64.GetMaxDecodedFromUtf8Length(encoded.Length));
        try
        {
            return Base64.DecodeFromUtf8(encoded, buffer, out _, out var sealedLength) == OperationStatus.Done
                ? Open(buffer.AsSpan(0, sealedLength), StoredColumn.EventPayload, eventId, 0)
                : throw Damaged(StoredColumn.EventPayload, eventId, 0);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // The plaintext of nonce, ciphertext and tag, decrypted in a rented buffer that is zeroed before it goes back.
    private string Open(ReadOnlySpan<byte> sealedBytes, StoredColumn column, Guid rowId, int number)
    {
        if (sealedBytes.Length < NonceSize + TagSize)
        {
            throw Damaged(column, rowId, number);
        }

        var plainLength = sealedBytes.Length - NonceSize - TagSize;
        var buffer = ArrayPool<byte>.Shared.Rent(plainLength);
        var plain = buffer.AsSpan(0, plainLength);
        Span<byte> associatedData = stackalloc byte[AssociatedDataSize];
        WriteAssociatedData(associatedData, column, rowId, number);
        try
        {
            _workers.Value!.Aes.Decrypt(sealedBytes[..NonceSize], sealedBytes.Slice(NonceSize, plainLength), sealedBytes[^TagSize..], plain, associatedData);
            return Encoding.UTF8.GetString(plain);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new StoredValueException(column, rowId, number,
                "cannot be decrypted: it was encrypted for another row or column (copied here), changed after it was written, or written under another master key");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static StoredValueException Damaged(StoredColumn column, Guid rowId, int number) =>
        new(column, rowId, number, "is not a whole ciphertext (its base64 is damaged or cut short)");

    public void Dispose()
    {
        foreach (var worker in _workers.Values)
        {
            worker.Aes.Dispose();
        }

        _workers.Dispose();
    }

    /// <summary>One thread's cipher and its block of random nonces (each handed out once).</summary>
    private sealed class Worker(AesGcm aes)
    {
        private readonly RandomBlock _nonces = new(NonceSize * 340);

        public AesGcm Aes { get; } = aes;

        public void NextNonce(Span<byte> nonce) => _nonces.Take(nonce);
    }

    private static void WriteAssociatedData(Span<byte> destination, StoredColumn column, Guid rowId, int number)
    {
        destination[0] = (byte)column;
        rowId.TryWriteBytes(destination.Slice(1, 16));
        BinaryPrimitives.WriteInt32LittleEndian(destination[17..], number);
    }
}

/// <summary>
/// A stored value's text as UTF-8, in an array rented from the shared pool: <see cref="Return"/> gives it back once
/// the value is written (and not before: the array is someone else's after that).
/// </summary>
public readonly record struct StoredUtf8(byte[] Buffer, int Length)
{
    public ReadOnlySpan<byte> Span => Buffer.AsSpan(0, Length);

    /// <summary>The value as text, for a database client that binds strings only.</summary>
    public string ToText() => Encoding.UTF8.GetString(Span);

    public void Return() => ArrayPool<byte>.Shared.Return(Buffer);
}

/// <summary>
/// A stored payload or body that does not decrypt where it is. The message names the column and the row, never the
/// value (which may be personal data).
/// </summary>
public sealed class StoredValueException(StoredColumn column, Guid rowId, int number, string problem)
    : CryptographicException($"{Describe(column, rowId, number)} {problem}.")
{
    public StoredColumn Column { get; } = column;

    public Guid RowId { get; } = rowId;

    private static string Describe(StoredColumn column, Guid rowId, int number) => column switch
    {
        StoredColumn.EventPayload => $"The stored payload (events.Payload) of event {rowId}",
        StoredColumn.SyncResult => $"The stored result (events.SyncResult) of sync hook call {rowId}",
        StoredColumn.RequestBody => $"The stored request body (attempts.RequestBody) of delivery {rowId}, attempt {number},",
        _ => $"The stored response body (attempts.ResponseBody) of delivery {rowId}, attempt {number},",
    };
}
