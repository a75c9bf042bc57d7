using System.Text;
using WebhookConsole.Engine.Security;

namespace WebhookConsole.Tests.Engine.Security;

public sealed class PayloadCipherTests : IDisposable
{
    private const string Payload = """{"person_id": "pid:ada", "claims": {"email": "ada@example.org"}, "note": "ünïcødé ✓"}""";

    private readonly PayloadCipher cipher = new(Key(7));
    private readonly Guid eventId = Guid.CreateVersion7();

    public void Dispose() => cipher.Dispose();

    [Fact]
    public void EncryptPayload_AnyPayload_StoresThePrefixedBase64AndDecryptsBackExactly()
    {
        var stored = cipher.EncryptPayload(eventId, Payload);

        Assert.StartsWith(PayloadCipher.Prefix, stored);
        Assert.DoesNotContain("ada", stored);
        Assert.Equal(12 + Encoding.UTF8.GetByteCount(Payload) + 16, Convert.FromBase64String(stored[PayloadCipher.Prefix.Length..]).Length);
        Assert.Equal(Payload, cipher.DecryptPayload(eventId, stored));
    }

    [Fact]
    public void EncryptPayloadUtf8_IsTheStoredTextAsBytes_AndEitherFormDecryptsTheOther()
    {
        var bytes = cipher.EncryptPayloadUtf8(eventId, Payload);
        var text = bytes.ToText();
        bytes.Return();
        var fromText = cipher.EncryptPayload(eventId, Payload);

        Assert.StartsWith(PayloadCipher.Prefix, text);
        Assert.Equal(fromText.Length, text.Length);
        Assert.Equal(Payload, cipher.DecryptPayload(eventId, text));
        Assert.Equal(Payload, cipher.DecryptPayload(eventId, Encoding.UTF8.GetBytes(text)));
        Assert.Equal(Payload, cipher.DecryptPayload(eventId, Encoding.UTF8.GetBytes(fromText)));
    }

    [Fact]
    public void EncryptPayloadUtf8_Empty_StaysEmpty()
    {
        var bytes = cipher.EncryptPayloadUtf8(eventId, "");

        Assert.Equal("", bytes.ToText());
        Assert.Equal("", cipher.DecryptPayload(eventId, bytes.Span));
    }

    [Fact]
    public void EncryptPayload_SameValueTwice_UsesAFreshNonceEachTime()
    {
        Assert.NotEqual(cipher.EncryptPayload(eventId, Payload), cipher.EncryptPayload(eventId, Payload));
    }

    [Theory]
    [InlineData("""{"written": "before encryption at rest"}""")]
    [InlineData("eyJhbGciOiJFUzI1NiJ9.e30.c2ln")]
    [InlineData("")]
    public void Decrypt_ValueWrittenBeforeEncryption_IsReturnedAsItIs(string clear)
    {
        Assert.Equal(clear, cipher.DecryptPayload(eventId, clear));
        Assert.Equal(clear, cipher.DecryptPayload(eventId, Encoding.UTF8.GetBytes(clear)));
        Assert.Equal(clear, cipher.DecryptRequestBody(eventId, 1, clear));
    }

    [Fact]
    public void Encrypt_NullOrEmpty_StaysAsItIs()
    {
        Assert.Null(cipher.EncryptResponseBody(eventId, 1, null));
        Assert.Equal("", cipher.EncryptRequestBody(eventId, 1, ""));
        Assert.Null(cipher.DecryptSyncResult(eventId, null));
    }

    [Fact]
    public void DecryptPayload_CiphertextOfAnotherEvent_IsRefusedNamingTheColumnAndTheRow()
    {
        var stored = cipher.EncryptPayload(Guid.CreateVersion7(), Payload);

        var refused = Assert.Throws<StoredValueException>(() => cipher.DecryptPayload(eventId, stored));
        var refusedAsBytes = Assert.Throws<StoredValueException>(() => cipher.DecryptPayload(eventId, Encoding.UTF8.GetBytes(stored)));

        Assert.Equal($"The stored payload (events.Payload) of event {eventId} cannot be decrypted: it was encrypted for another row or column "
            + "(copied here), changed after it was written, or written under another master key.", refused.Message);
        Assert.Equal((StoredColumn.EventPayload, eventId), (refused.Column, refused.RowId));
        Assert.Equal(refused.Message, refusedAsBytes.Message);
    }

    [Fact]
    public void Decrypt_RequestBodyReadAsTheResponseOrAsAnotherAttempt_IsRefused()
    {
        var deliveryId = Guid.CreateVersion7();
        var stored = cipher.EncryptRequestBody(deliveryId, 2, Payload);

        Assert.Equal(Payload, cipher.DecryptRequestBody(deliveryId, 2, stored));
        Assert.Contains("(attempts.ResponseBody) of delivery", Assert.Throws<StoredValueException>(() => cipher.DecryptResponseBody(deliveryId, 2, stored)).Message);
        Assert.Contains($"of delivery {deliveryId}, attempt 1, cannot be decrypted", Assert.Throws<StoredValueException>(() => cipher.DecryptRequestBody(deliveryId, 1, stored)).Message);
        Assert.Throws<StoredValueException>(() => cipher.DecryptSyncResult(deliveryId, stored));
    }

    [Fact]
    public void DecryptPayload_AnotherMasterKey_IsRefused()
    {
        using var other = new PayloadCipher(Key(8));

        Assert.Throws<StoredValueException>(() => other.DecryptPayload(eventId, cipher.EncryptPayload(eventId, Payload)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(20)]
    [InlineData(-3)]
    public void DecryptPayload_OneCharacterChanged_IsRefused(int position)
    {
        var stored = cipher.EncryptPayload(eventId, Payload).ToCharArray();
        var index = position < 0 ? stored.Length + position : PayloadCipher.Prefix.Length + position;
        stored[index] = stored[index] == 'A' ? 'B' : 'A';

        Assert.Throws<StoredValueException>(() => cipher.DecryptPayload(eventId, new string(stored)));
        Assert.Throws<StoredValueException>(() => cipher.DecryptPayload(eventId, Encoding.UTF8.GetBytes(stored)));
    }

    [Theory]
    [InlineData("$wcp1$")]
    [InlineData("$wcp1$AAAA")]
    [InlineData("$wcp1$not base64!")]
    public void DecryptPayload_CutShortOrNotBase64_SaysTheCiphertextIsDamaged(string stored)
    {
        var refused = Assert.Throws<StoredValueException>(() => cipher.DecryptPayload(eventId, stored));
        var refusedAsBytes = Assert.Throws<StoredValueException>(() => cipher.DecryptPayload(eventId, Encoding.UTF8.GetBytes(stored)));

        Assert.EndsWith("is not a whole ciphertext (its base64 is damaged or cut short).", refused.Message);
        Assert.Equal(refused.Message, refusedAsBytes.Message);
    }

    [Fact]
    public async Task Encrypt_ManyThreadsAtOnce_EachValueDecryptsToItsOwnPlaintext()
    {
        var rows = Enumerable.Range(0, 2_000).Select(i => (Id: Guid.CreateVersion7(), Text: $"{{\"n\": {i}, \"pad\": \"{new string('x', i % 700)}\"}}")).ToList();

        var stored = await Task.WhenAll(rows.Select(r => Task.Run(() => cipher.EncryptPayload(r.Id, r.Text))));
        var decrypted = await Task.WhenAll(rows.Select((r, i) => Task.Run(() => cipher.DecryptPayload(r.Id, stored[i]))));

        Assert.Equal(rows.Select(r => r.Text), decrypted);
    }

    private static MasterKey Key(byte fill) => MasterKey.Load(Convert.ToBase64String(Enumerable.Repeat(fill, 32).ToArray()), "unused");
}
