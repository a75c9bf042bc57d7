using System.Buffers;
using System.Buffers.Binary;
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

        var plainLength = Encoding.UTF8.GetByteCount(plaintext);
        var sealedLength = NonceSize + plainLength + TagSize;
        var buffer = ArrayPool<byte>.Shared.Rent(plainLength + sealedLength);
        try
        {
            var plain = buffer.AsSpan(0, plainLength);
            Encoding.UTF8.GetBytes(plaintext, plain);
            var sealedBytes = buffer.AsSpan(plainLength, sealedLength);
            var worker = _workers.Value!;
            worker.NextNonce(sealedBytes[..NonceSize]);
            Span<byte> associatedData = stackalloc byte[AssociatedDataSize];
            WriteAssociatedData(associatedData, column, rowId, number);
            worker.Aes.Encrypt(sealedBytes[..NonceSize], plain, sealedBytes.Slice(NonceSize, plainLength), sealedBytes[^TagSize..], associatedData);
            CryptographicOperations.ZeroMemory(plain);
            return string.Create(Prefix.Length + (((sealedLength + 2) / 3) * 4), (buffer, plainLength, sealedLength), static (text, state) =>
            {
                Prefix.CopyTo(text);
                Convert.TryToBase64Chars(state.buffer.AsSpan(state.plainLength, state.sealedLength), text[Prefix.Length..], out _);
            });
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
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
        var maxLength = (encoded.Length / 4 * 3) + 3;
        var buffer = ArrayPool<byte>.Shared.Rent(maxLength * 2);
        try
        {
            var sealedBytes = buffer.AsSpan(0, maxLength);
            if (!Convert.TryFromBase64Chars(encoded, sealedBytes, out var sealedLength) || sealedLength < NonceSize + TagSize)
            {
                throw new StoredValueException(column, rowId, number, "is not a whole ciphertext (its base64 is damaged or cut short)");
            }

            var plainLength = sealedLength - NonceSize - TagSize;
            var plain = buffer.AsSpan(maxLength, plainLength);
            Span<byte> associatedData = stackalloc byte[AssociatedDataSize];
            WriteAssociatedData(associatedData, column, rowId, number);
            try
            {
                _workers.Value!.Aes.Decrypt(sealedBytes[..NonceSize], sealedBytes.Slice(NonceSize, plainLength), sealedBytes.Slice(NonceSize + plainLength, TagSize), plain, associatedData);
            }
            catch (AuthenticationTagMismatchException)
            {
                throw new StoredValueException(column, rowId, number,
                    "cannot be decrypted: it was encrypted for another row or column (copied here), changed after it was written, or written under another master key");
            }

            var text = Encoding.UTF8.GetString(plain);
            CryptographicOperations.ZeroMemory(plain);
            return text;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

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
        private readonly byte[] _nonces = new byte[NonceSize * 340];
        private int _next = NonceSize * 340;

        public AesGcm Aes { get; } = aes;

        public void NextNonce(Span<byte> nonce)
        {
            if (_next == _nonces.Length)
            {
                RandomNumberGenerator.Fill(_nonces);
                _next = 0;
            }

            _nonces.AsSpan(_next, NonceSize).CopyTo(nonce);
            _next += NonceSize;
        }
    }

    private static void WriteAssociatedData(Span<byte> destination, StoredColumn column, Guid rowId, int number)
    {
        destination[0] = (byte)column;
        rowId.TryWriteBytes(destination.Slice(1, 16));
        BinaryPrimitives.WriteInt32LittleEndian(destination[17..], number);
    }
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
