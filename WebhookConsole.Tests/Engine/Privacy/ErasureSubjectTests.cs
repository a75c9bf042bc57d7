using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Privacy;
using WebhookConsole.Engine.Security;

namespace WebhookConsole.Tests.Engine.Privacy;

public sealed class ErasureSubjectTests
{
    [Theory]
    [InlineData(null, null, null, "person_id", "A subject is required")]
    [InlineData("  ", null, null, "person_id", "must not be empty")]
    [InlineData("p1", "$.email", "a@b.c", "person_id", "not both")]
    [InlineData(null, "$.email", null, "value", "The value is required")]
    [InlineData(null, null, "a@b.c", "path", "The path is required")]
    [InlineData(null, "claims.email", "a@b.c", "path", "must be a JSON path")]
    [InlineData(null, "$..email", "a@b.c", "path", "must be a JSON path")]
    [InlineData(null, "$.claims[*]", "a@b.c", "path", "must be a JSON path")]
    public void Create_BadSubject_NamesTheFieldAndTheRule(string? personId, string? path, string? value, string field, string rule)
    {
        var errors = new List<FieldError>();

        var subject = ErasureSubject.Create(personId, path, value, errors);

        Assert.Null(subject);
        var error = Assert.Single(errors);
        Assert.Equal(field, error.Field);
        Assert.Contains(rule, error.Message);
    }

    [Theory]
    [InlineData("$.claims.email", true, """{"claims": {"email": " A@B.c "}}""", true)]
    [InlineData("$.user['id']", true, """{"user": {"id": "a@b.c"}}""", true)]
    [InlineData("$.emails[1]", false, """{"emails": ["x", "a@b.c"]}""", true)]
    [InlineData("$.profile.nickname", false, """{"profile": {"title": "a@b.c"}}""", false)]
    public void Matches_PathAndValue_ComparesTrimmedWithoutCaseAtThatPlaceOnly(string path, bool indexed, string content, bool matches)
    {
        var subject = ErasureSubject.Create(null, path, "a@b.c", [])!;
        using var document = JsonDocument.Parse(content);

        Assert.Equal((indexed, matches), (subject.Indexed, subject.Matches(document.RootElement)));
    }

    [Fact]
    public void Extract_SlashIdAndAsgardeoShapes_HashesPersonIdsEmailsAndPhonesButNothingElse()
    {
        var keys = new SubjectKeys(MasterKey.Load(Convert.ToBase64String(new byte[32]), "unused"));
        const string Content = """
            {"person_id": "p1", "browser_metadata": {"user_agent": "mozilla"},
             "event": {"user": {"id": "u1", "claims": [{"uri": "http://wso2.org/claims/emailaddress", "value": "A@B.c"},
                                                        {"uri": "http://wso2.org/claims/country", "value": "Sweden"}]}},
             "contact": {"phone_number": "+46 70 123"}}
            """;

        var hashes = keys.Extract(Content);

        Assert.Equal(
            new[] { "p1", "u1", "a@b.c", "+46 70 123" }.Select(v => Convert.ToHexString(keys.Hash(v))).Order(),
            hashes.Select(Convert.ToHexString).Order());
        Assert.Equal(EventSubject.HashLength, hashes[0].Length);
        Assert.NotEqual(keys.Hash("p1"), new SubjectKeys(MasterKey.Load(Convert.ToBase64String(Enumerable.Repeat((byte)1, 32).ToArray()), "unused")).Hash("p1"));
    }

    [Theory]
    [InlineData("  ÅSA@Example.COM \t")]
    [InlineData("p1")]
    [InlineData("İSTANBUL-ΣΑΣ-\ud800")]
    public void Hash_IsHmacSha256OfTheTrimmedLowerCaseValue_CutToTheStoredLength(string value)
    {
        var masterKey = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
        var keys = new SubjectKeys(MasterKey.Load(masterKey, "unused"));
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Convert.FromBase64String(masterKey), 32, salt: [], info: "WebhookConsole.EventSubjects.v1"u8.ToArray());
        string Expected(string text) => Convert.ToHexString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text.Trim().ToLowerInvariant()))[..EventSubject.HashLength]);

        Assert.Equal(Expected(value), Convert.ToHexString(keys.Hash(value)));
        Assert.Equal(Expected(new string('Q', 300) + value), Convert.ToHexString(keys.Hash(" " + new string('Q', 300) + value)));
        Assert.Equal(keys.Hash("åsa@example.com"), keys.Hash("  ÅSA@Example.COM \t"));
    }

    [Fact]
    public void Extract_FieldNames_MatchInAnyCaseWithUnderscoresOrHyphens_EscapedOrNot()
    {
        var keys = new SubjectKeys(MasterKey.Load(Convert.ToBase64String(new byte[32]), "unused"));
        const string Content = """
            {"User-ID": "v1", "EMAIL_ADDRESS": "v2", "Per_son": {"id": "v3", "ID": "not id"}, "\u0065mail": "v4",
             "e_m_a_i_l_______________________________________": "v5", "emailaddressofthepersonwhosentthisevent": "long",
             "na\u00efve_user_id": "accented", "account": {"id": "not a person"}, "users": [{"id": "not under user"}]}
            """;

        var hashes = keys.Extract(Content);

        Assert.Equal(
            new[] { "v1", "v2", "v3", "v4", "v5" }.Select(v => Convert.ToHexString(keys.Hash(v))).Order(),
            hashes.Select(Convert.ToHexString).Order());
    }
}
