using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Security;

namespace WebhookConsole.Engine.Privacy;

/// <summary>
/// Finds the subjects an event's content mentions and hashes them for the <c>event_subjects</c> index. A subject is
/// the string value of a property named like a person's identifier (<see cref="IsSubjectField(string)"/>) at any depth, the
/// <c>id</c> of a <c>user</c> or <c>person</c> object, and the <c>value</c> of an Asgardeo-style claim
/// (<c>{"uri": "http://wso2.org/claims/emailaddress", "value": …}</c>) whose URI ends in one of those names. Values are
/// trimmed and compared without case, then hashed with HMAC-SHA256 under a key derived from the master key, so the
/// index never holds a subject in clear and cannot be searched by someone holding the database alone.
/// </summary>
public sealed class SubjectKeys
{
    private const int MaxDepth = 16;

    // Property names (lower case, without '_' and '-') whose string values are subjects.
    private static readonly HashSet<string> SubjectFields =
    [
        "personid", "userid", "sub", "subject", "username", "email", "emailaddress", "phone", "phonenumber", "mobile", "mobilenumber",
    ];

    // Names (normalized the same way) of an object whose "id" is a subject.
    private static readonly HashSet<string> PersonFields = ["user", "person"];

    // The longest normalized name worth looking up on the stack; longer ones take the string path.
    private const int MaxFieldLength = 32;

    // The longest subject value lower-cased and encoded on the stack to be hashed; longer ones take the heap.
    private const int MaxStackValue = 256;

    private readonly byte[] _key;

    public SubjectKeys(MasterKey masterKey) =>
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey.Key, 32, salt: [], info: "WebhookConsole.EventSubjects.v1"u8.ToArray());

    /// <summary>Whether a property of this name is indexed (<c>person_id</c>, <c>email</c>, <c>phone_number</c> …).</summary>
    public static bool IsSubjectField(string name) => SubjectFields.Contains(Normalize(name));

    /// <summary>The keyed hash of one subject value, as stored in <see cref="EventSubject.SubjectHash"/>.</summary>
    public byte[] Hash(string value)
    {
        var text = value.AsSpan().Trim();
        if (text.Length > MaxStackValue)
        {
            return HashOf(Encoding.UTF8.GetBytes(text.ToString().ToLowerInvariant()));
        }

        // Lower-cased and encoded on the stack: a value is a few dozen characters, and this runs for every subject of every event.
        Span<char> lower = stackalloc char[text.Length];
        text.ToLowerInvariant(lower);
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(lower.Length)];
        return HashOf(utf8[..Encoding.UTF8.GetBytes(lower, utf8)]);
    }

    private byte[] HashOf(ReadOnlySpan<byte> value)
    {
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, value, hash);
        return hash[..EventSubject.HashLength].ToArray();
    }

    /// <summary>The distinct hashes of the subjects <paramref name="json"/> mentions; none when it is not JSON.</summary>
    public IReadOnlyList<byte[]> Extract(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
            return Extract(document.RootElement);
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>The distinct hashes of the subjects <paramref name="content"/> mentions, for a caller that has parsed it already.</summary>
    public IReadOnlyList<byte[]> Extract(JsonElement content)
    {
        var values = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        Collect(content, false, 0, values);
        if (values.Count == 0)
        {
            return [];
        }

        var hashes = new List<byte[]>(values.Count);
        foreach (var value in values)
        {
            hashes.Add(Hash(value));
        }

        return hashes;
    }

    private static void Collect(JsonElement element, bool underPerson, int depth, HashSet<string> values)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Collect(item, underPerson, depth + 1, values);
            }

            return;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (IsClaim(element, out var claimValue))
        {
            Add(values, claimValue);
        }

        foreach (var property in element.EnumerateObject())
        {
            var kind = property.Value.ValueKind;
            if (kind == JsonValueKind.String && (IsSubjectField(property) || (underPerson && property.NameEquals("id"u8))))
            {
                Add(values, property.Value.GetString());
            }
            else if (kind is JsonValueKind.Object or JsonValueKind.Array)
            {
                Collect(property.Value, IsPerson(property), depth + 1, values);
            }
        }
    }

    // An Asgardeo claim: {"uri": "http://wso2.org/claims/emailaddress", "value": "…"}.
    private static bool IsClaim(JsonElement element, out string? value)
    {
        value = null;
        if (element.TryGetProperty("uri", out var uri) && uri.ValueKind == JsonValueKind.String
            && element.TryGetProperty("value", out var claim) && claim.ValueKind == JsonValueKind.String)
        {
            var text = uri.GetString()!;
            value = claim.GetString();
            return IsSubjectField(text[(text.LastIndexOfAny(['/', '#', ':', '.']) + 1)..]);
        }

        return false;
    }

    private static void Add(HashSet<string> values, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            values.Add(value.Trim());
        }
    }

    private static string Normalize(string name) => name.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();

    private static bool IsSubjectField(JsonProperty property) => NameIn(property, SubjectFields);

    // A property named user or person (in any case, with any '_' or '-'): the "id" inside it is a subject.
    private static bool IsPerson(JsonProperty property) => NameIn(property, PersonFields);

    // Whether the property's name, normalized, is one of names: read from its UTF-8 without making a string of it (every
    // property of every event is looked at). A name with escapes or other than ASCII letters takes the string path
    // (Normalize), which gives the same answer.
    private static bool NameIn(JsonProperty property, HashSet<string> names)
    {
        Span<char> name = stackalloc char[MaxFieldLength];
        return TryNormalize(property, name, out var length)
            ? names.GetAlternateLookup<ReadOnlySpan<char>>().Contains(name[..length])
            : names.Contains(Normalize(property.Name));
    }

    private static bool TryNormalize(JsonProperty property, Span<char> normalized, out int length)
    {
        length = 0;
        foreach (var b in JsonMarshal.GetRawUtf8PropertyName(property))
        {
            if (b is (byte)'_' or (byte)'-')
            {
                continue;
            }

            if (b is >= 0x80 or (byte)'\\' || length == normalized.Length)
            {
                return false;
            }

            normalized[length++] = (char)(b is >= (byte)'A' and <= (byte)'Z' ? b + ('a' - 'A') : b);
        }

        return true;
    }
}
