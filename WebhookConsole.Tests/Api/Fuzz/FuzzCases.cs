using System.Text;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Api.Fuzz;

/// <summary>
/// The fuzz suite's table, built the same way on every run: malformed bodies on every route that reads one, wrong
/// types in every typed field, bad credentials headers, bad query strings and methods on routes that do not take them.
/// </summary>
public static class FuzzCases
{
    private static readonly (string Method, string Path, string ValidBody)[] BodyRoutes =
    [
        ("POST", "organizations/webhooks", """{"target_url":"https://fuzz.example.com/hook","name":"fuzz","format":"jwt"}"""),
        ("PATCH", "organizations/webhooks/{jwt}", """{"name":"renamed","timeout":"5s"}"""),
        ("POST", "organizations/webhooks/{jwt}/triggers", """{"trigger_type":"event","trigger_name":"PersonCreated_v1"}"""),
        ("POST", "events", """{"event_name":"AuthenticationFailed_v1","payload":{"user":"u1"}}"""),
        ("POST", "organizations/webhooks/{jwt}/recover", """{"since":"2026-01-01T00:00:00Z"}"""),
        ("POST", "organizations/webhooks/{websub}/secret/rotate", """{"secret":"a-new-websub-secret-0123456789","grace":"1h"}"""),
        ("POST", "test-events", """[{"event_name":"AuthenticationFailed_v1","count":1,"duplicates":false}]"""),
        ("POST", "hooks/token_minted", """{"token":"t"}"""),
    ];

    /// <summary>Values that are the wrong type (or out of range) for every typed field they are put in.</summary>
    private static readonly string[] WrongValues = ["1e999", "-1e999", "123456789012345678901234567890", "true", "[]", "{}", "[[[[1]]]]", "-0.5"];

    private static readonly (string Method, string Path, string ValidBody, string[] Fields)[] TypedFields =
    [
        ("POST", "organizations/webhooks", """{"target_url":"https://fuzz.example.com/hook","name":"fuzz"}""", ["target_url", "name", "description", "custom_headers", "timeout", "format", "secret"]),
        ("PATCH", "organizations/webhooks/{jwt}", """{"name":"renamed"}""", ["target_url", "name", "description", "custom_headers", "timeout"]),
        ("POST", "organizations/webhooks/{jwt}/triggers", """{"trigger_type":"event","trigger_name":"PersonCreated_v1"}""", ["trigger_type", "trigger_name"]),
        ("POST", "events", """{"event_name":"AuthenticationFailed_v1","payload":{}}""", ["event_name", "payload"]),
        ("POST", "organizations/webhooks/{jwt}/recover", """{"since":"2026-01-01T00:00:00Z"}""", ["since"]),
        ("POST", "organizations/webhooks/{websub}/secret/rotate", """{"grace":"1h"}""", ["secret", "grace"]),
    ];

    public static IReadOnlyList<FuzzCase> All { get; } = Build();

    private static List<FuzzCase> Build()
    {
        var cases = new List<FuzzCase>();
        foreach (var (method, path, valid) in BodyRoutes)
        {
            cases.AddRange(MalformedBodies(valid).Select(b => new FuzzCase($"{method} {path}: {b.Name}", method, path, b.Bytes) { ContentType = b.ContentType }));
        }

        foreach (var (method, path, valid, fields) in TypedFields)
        {
            foreach (var field in fields)
            {
                foreach (var value in WrongValues.Where(v => !(field is "payload" or "custom_headers" && v == "{}")))
                {
                    cases.Add(Json($"{method} {path}: {field} = {value}", method, path, WithField(valid, field, value)));
                }
            }
        }

        cases.AddRange(Specific());
        cases.AddRange(HeaderCases());
        cases.AddRange(QueryCases());
        cases.AddRange(MethodCases());
        return cases;
    }

    private static IEnumerable<(string Name, byte[] Bytes, string ContentType)> MalformedBodies(string valid)
    {
        var bytes = Encoding.UTF8.GetBytes(valid);
        yield return ("empty body", [], "application/json");
        foreach (var cut in new[] { 1, bytes.Length / 3, bytes.Length / 2, bytes.Length - 1 })
        {
            yield return ($"truncated at byte {cut}", bytes[..cut], "application/json");
        }

        yield return ("1000 nested arrays", Utf8(new string('[', 1000) + new string(']', 1000)), "application/json");
        yield return ("1000 nested objects", Utf8(string.Concat(Enumerable.Repeat("{\"a\":", 1000)) + "1" + new string('}', 1000)), "application/json");
        yield return ("invalid UTF-8 (0xFF) in a string", Splice(bytes, [0xFF, 0xFE]), "application/json");
        yield return ("overlong UTF-8 (0xC0 0xAF) in a string", Splice(bytes, [0xC0, 0xAF]), "application/json");
        yield return ("truncated UTF-8 sequence in a string", Splice(bytes, [0xE2, 0x82]), "application/json");
        yield return ("UTF-16 body with a BOM", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(valid)], "application/json");
        yield return ("UTF-8 BOM before a truncated body", [0xEF, 0xBB, 0xBF, .. bytes[..(bytes.Length / 2)]], "application/json");
        yield return ("raw NUL byte between tokens", [.. bytes[..1], 0x00, .. bytes[1..]], "application/json");
        yield return ("raw NUL byte inside a string", Splice(bytes, [0x00]), "application/json");
        yield return ("trailing garbage", Utf8(valid + "}}"), "application/json");
        yield return ("two documents", Utf8(valid + valid), "application/json");
        yield return ("single quotes", Utf8(valid.Replace('"', '\'')), "application/json");
        yield return ("trailing comma", Utf8(valid.TrimEnd('}', ']') + ",}"), "application/json");
        yield return ("comment", Utf8("/* c */" + valid), "application/json");
        yield return ("bare huge number", Utf8("1e999"), "application/json");
        yield return ("null root", Utf8("null"), "application/json");
        yield return ("300 KiB string", Utf8("\"" + new string('x', 300 * 1024) + "\""), "application/json");
        yield return ("form content type", bytes, "application/x-www-form-urlencoded");
        yield return ("text content type", bytes, "text/plain");
    }

    private static IEnumerable<FuzzCase> Specific()
    {
        const string create = "organizations/webhooks";
        yield return Json("create with duplicate name keys", "POST", create, """{"target_url":"https://dup.example.com/hook","name":"a","name":"b"}""");
        yield return Json("create with duplicate target_url keys", "POST", create, """{"target_url":"https://dup.example.com/a","name":"a","target_url":"https://dup.example.com/b"}""");
        yield return Json("patch with duplicate name keys", "PATCH", "organizations/webhooks/{jwt}", """{"name":"a","name":"b"}""");
        yield return Json("trigger with duplicate keys", "POST", "organizations/webhooks/{jwt}/triggers", """{"trigger_type":"event","trigger_name":"PersonCreated_v1","trigger_name":"PersonDeleted_v1"}""");
        yield return Json("event with duplicate event_name", "POST", "events", """{"event_name":"AuthenticationFailed_v1","event_name":"AuthenticationSucceeded_v1","payload":{}}""");
        yield return Json("create with a NUL in the name", "POST", create, """{"target_url":"https://nul.example.com/hook","name":"a\u0000b"}""");
        yield return Json("create with a NUL in the URL", "POST", create, """{"target_url":"https://nul.example.com/\u0000","name":"nul"}""");
        yield return Json("create with a 200 KiB name", "POST", create, $$"""{"target_url":"https://long.example.com/hook","name":"{{new string('n', 200 * 1024)}}"}""");
        yield return Json("create with a 100 KiB URL", "POST", create, $$"""{"target_url":"https://long.example.com/{{new string('p', 100 * 1024)}}","name":"long"}""");
        yield return Json("create with 10000 custom headers", "POST", create,
            """{"target_url":"https://many.example.com/hook","name":"many","custom_headers":{""" + string.Join(",", Enumerable.Range(0, 10000).Select(i => $"\"X-H{i}\":[\"v\"]")) + "}}");
        yield return Json("create with a lone surrogate escape", "POST", create, """{"target_url":"https://sur.example.com/hook","name":"\ud800"}""");
        yield return Json("create with a 1e999 timeout", "POST", create, """{"target_url":"https://t.example.com/hook","name":"t","timeout":"1e999s"}""");
        yield return Json("create with a 9999999999999999999h timeout", "POST", create, """{"target_url":"https://t.example.com/hook","name":"t","timeout":"9999999999999999999h"}""");
        yield return Json("event with an unknown name", "POST", "events", """{"event_name":"\u0000","payload":{}}""");
        yield return Json("test events with a huge count", "POST", "test-events", """[{"event_name":"AuthenticationFailed_v1","count":1e999}]""");
        yield return Json("test events with count 2^31", "POST", "test-events", """[{"event_name":"AuthenticationFailed_v1","count":2147483648}]""");
        yield return Json("test events with a negative count", "POST", "test-events", """[{"event_name":"AuthenticationFailed_v1","count":-1}]""");
        yield return Json("test events with a string count", "POST", "test-events", """[{"event_name":"AuthenticationFailed_v1","count":"1"}]""");
        yield return Json("test events with a fractional count", "POST", "test-events", """[{"event_name":"AuthenticationFailed_v1","count":1.5}]""");
        yield return Json("test events with duplicates as a string", "POST", "test-events", """[{"event_name":"AuthenticationFailed_v1","duplicates":"yes"}]""");
        yield return Json("test events with 10000 items", "POST", "test-events", "[" + string.Join(",", Enumerable.Repeat("""{"event_name":"AuthenticationFailed_v1"}""", 10000)) + "]");
        yield return Json("hook with an unknown name", "POST", "hooks/no_such_hook", """{"token":"t"}""");
        yield return Json("hook with a 1000-character name", "POST", "hooks/" + new string('h', 1000), """{"token":"t"}""");
        yield return Json("rotate a jwt webhook's secret", "POST", "organizations/webhooks/{jwt}/secret/rotate", "{}");
        yield return Json("rotate with grace 1e999", "POST", "organizations/webhooks/{websub}/secret/rotate", """{"grace":"1e999h"}""");
        yield return Json("rotate with a negative grace", "POST", "organizations/webhooks/{websub}/secret/rotate", """{"grace":"-1h"}""");
        yield return Json("recover with year 99999", "POST", "organizations/webhooks/{jwt}/recover", """{"since":"99999-01-01T00:00:00Z"}""");
        yield return Json("recover an unknown webhook", "POST", "organizations/webhooks/{unknown}/recover", """{"since":"2026-01-01T00:00:00Z"}""");
        yield return Json("redeliver an unknown delivery", "POST", "deliveries/{unknown}/redeliver", null);
    }

    private static IEnumerable<FuzzCase> HeaderCases()
    {
        string[] organizations =
        [
            "", " ", "not-a-uuid", "00000000-0000-0000-0000-000000000000", "{0194d7a8-0000-7000-8000-000000000001}",
            "0194d7a8000070008000000000000001", "0194d7a8-0000-7000-8000-000000000001, 0194d7a8-0000-7000-8000-000000000002",
            "0194d7a8-0000-7000-8000-00000000000g", "%C3%BCmlaut-0000-7000-8000-000000000001", new string('a', 8 * 1024), "1e999", "-1",
        ];
        foreach (var (organization, i) in organizations.Select((o, i) => (o, i)))
        {
            yield return Json($"create with SlashID-OrgID form {i}", "POST", "organizations/webhooks", """{"target_url":"https://h.example.com/hook","name":"h"}""")
                with { Headers = [("SlashID-OrgID", organization)] };
            yield return new FuzzCase($"list with SlashID-OrgID form {i}", "GET", "organizations/webhooks", null) { Headers = [("SlashID-OrgID", organization)] };
        }

        string[] keys = ["", "x", new string('k', 8 * 1024), "whc_" + new string('%', 40), ConsoleApp.ApiKey + "x", ConsoleApp.ApiKey + "," + ConsoleApp.ApiKey];
        foreach (var (key, i) in keys.Select((k, i) => (k, i)))
        {
            yield return Json($"create with API key form {i}", "POST", "organizations/webhooks", """{"target_url":"https://k.example.com/hook","name":"k"}""")
                with { Headers = [("SlashID-API-Key", key)] };
        }

        yield return Json("create with a 64 KiB header", "POST", "organizations/webhooks", """{"target_url":"https://big.example.com/hook","name":"big"}""")
            with { Headers = [("X-Big", new string('b', 64 * 1024))], Envelope = false };
        yield return Json("create with a 64 KiB API key", "POST", "organizations/webhooks", """{"target_url":"https://big.example.com/hook","name":"big"}""")
            with { Headers = [("SlashID-API-Key", new string('b', 64 * 1024))], Envelope = false };
        yield return Json("create with consistency 1e999", "POST", "organizations/webhooks", """{"target_url":"https://c.example.com/hook","name":"c"}""")
            with { Headers = [("SlashID-Required-Consistency", "1e999")] };
        yield return Json("create with consistency timeout 1e999", "POST", "organizations/webhooks", """{"target_url":"https://c.example.com/hook","name":"c"}""")
            with { Headers = [("SlashID-Required-Consistency", "all_regions"), ("SlashID-Required-Consistency-Timeout", "1e999")] };
        yield return Json("create with consistency timeout -1", "POST", "organizations/webhooks", """{"target_url":"https://c.example.com/hook","name":"c"}""")
            with { Headers = [("SlashID-Required-Consistency-Timeout", "-1")] };
        yield return Json("create with a content type without JSON", "POST", "organizations/webhooks", """{"target_url":"https://c.example.com/hook","name":"c"}""")
            with { ContentType = "application/xml" };
        yield return Json("create with a content type charset of UTF-16", "POST", "organizations/webhooks", """{"target_url":"https://c.example.com/hook","name":"c"}""")
            with { ContentType = "application/json; charset=utf-16" };
        yield return new FuzzCase("create without credentials", "POST", "organizations/webhooks", Utf8("{}")) { WithCredentials = false };
    }

    private static IEnumerable<FuzzCase> QueryCases()
    {
        string[] pagings =
        [
            "limit=abc", "limit=0", "limit=501", "limit=-1", "limit=1e999", "limit=99999999999999999999", "limit=1.5", "limit=", "limit=%00",
            "limit=%FF", "limit=+1", "limit=0x10", "offset=-1", "offset=abc", "offset=1e3", "offset=99999999999999999999", "offset=%E2%82",
        ];
        foreach (var query in pagings)
        {
            yield return new FuzzCase($"list webhooks ?{query}", "GET", "organizations/webhooks?" + query, null);
        }

        string[] deliveries =
        [
            "cursor=garbage", "cursor=%00", "cursor=" + new string('A', 4096), "cursor=eyJ4IjoxfQ", "cursor=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "limit=0", "limit=1e999", "limit=-5", "status=bogus", "status=%00", "since=yesterday", "until=1e999", "since=99999-01-01T00:00:00Z",
            "event_name=" + new string('e', 5000),
        ];
        foreach (var query in deliveries)
        {
            yield return new FuzzCase($"list deliveries ?{query}", "GET", "organizations/webhooks/{jwt}/deliveries?" + query, null);
        }

        yield return new FuzzCase("remove trigger with an unknown type", "DELETE", "organizations/webhooks/{jwt}/triggers?trigger_type=bogus&trigger_name=AuthenticationFailed_v1", null);
        yield return new FuzzCase("remove trigger without a name", "DELETE", "organizations/webhooks/{jwt}/triggers?trigger_type=event", null);
        yield return new FuzzCase("remove trigger without parameters", "DELETE", "organizations/webhooks/{jwt}/triggers", null);
        yield return new FuzzCase("remove trigger with a NUL name", "DELETE", "organizations/webhooks/{jwt}/triggers?trigger_type=event&trigger_name=%00", null);
        yield return new FuzzCase("get a delivery whose id is 1e999", "GET", "deliveries/1e999", null);
        yield return new FuzzCase("get a webhook whose id is 2000 characters", "GET", "organizations/webhooks/" + new string('9', 2000), null);
    }

    private static IEnumerable<FuzzCase> MethodCases()
    {
        (string Method, string Path)[] wrong =
        [
            ("PUT", "organizations/webhooks"), ("DELETE", "organizations/webhooks"), ("PATCH", "organizations/webhooks"),
            ("PUT", "organizations/webhooks/{jwt}"), ("POST", "organizations/webhooks/{jwt}"), ("GET", "events"), ("PUT", "events"),
            ("DELETE", "events"), ("GET", "test-events"), ("GET", "hooks/token_minted"), ("PUT", "deliveries/{unknown}"),
            ("DELETE", "deliveries/{unknown}"), ("GET", "organizations/webhooks/{jwt}/activate"), ("DELETE", "organizations/webhooks/{jwt}/activate"),
            ("GET", "organizations/webhooks/{jwt}/recover"), ("PUT", "organizations/webhooks/{jwt}/triggers"), ("GET", "deliveries/{unknown}/redeliver"),
            ("DELETE", "organizations/webhooks/verification-jwks"),
        ];
        return wrong.Select(w => new FuzzCase($"{w.Method} {w.Path}", w.Method, w.Path, w.Method is "GET" or "DELETE" ? null : Utf8("{}")));
    }

    private static FuzzCase Json(string name, string method, string path, string? body) => new(name, method, path, body is null ? null : Utf8(body));

    private static string WithField(string valid, string field, string value)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(valid)!.AsObject();
        node.Remove(field);
        var json = node.ToJsonString();
        return json.Length == 2 ? $$"""{"{{field}}":{{value}}}""" : $$"""{"{{field}}":{{value}},{{json[1..]}}""";
    }

    // Inserts bytes just after the first string's opening quote.
    private static byte[] Splice(byte[] bytes, byte[] inserted)
    {
        var at = Array.IndexOf(bytes, (byte)'"') + 1;
        return [.. bytes[..at], .. inserted, .. bytes[at..]];
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
