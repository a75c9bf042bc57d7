using System.Net;
using System.Text;
using System.Text.Json;
using WebhookConsole.Engine.Webhooks;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Api;

/// <summary>
/// Every kind of bad input to the webhooks API, against the real app: each answers with its status and an
/// <c>errors</c> envelope whose message names the field and the rule, and writes nothing.
/// </summary>
public sealed class WebhooksApiBadInputTests(BadInputApp fixture) : IClassFixture<BadInputApp>
{
    private const string Webhooks = "organizations/webhooks";
    private const string Jwt = Webhooks + "/{jwt}";
    private const string WebSub = Webhooks + "/{websub}";
    private const string Unknown = Webhooks + "/{unknown}";
    private const string Deliveries = Jwt + "/deliveries";
    private static readonly string Oversized = new('a', 300 * 1024);
    private static readonly string MaxInFlightRule = DeliverySettings.MaxInFlightRule;
    private static readonly string RateLimitRule = DeliverySettings.RateLimitRule;
    private const string OrderingRule = DeliverySettings.OrderingRule;

    public static TheoryData<string> Scenarios => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Call_BadInput_AnswersWithTheRuleAndWritesNothing(string scenario)
    {
        var bad = Cases[scenario];
        var before = fixture.Snapshot();
        using var client = new HttpClient { BaseAddress = fixture.BaseAddress };
        using var request = bad.ToRequest(fixture);

        var response = await client.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(bad.Status == response.StatusCode, $"expected {bad.Status}, got {response.StatusCode}: {text}");
        using var envelope = JsonDocument.Parse(text);
        var errors = envelope.RootElement.GetProperty("errors").EnumerateArray().ToList();
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal((int)bad.Status, e.GetProperty("httpcode").GetInt32()));
        Assert.True(errors.Any(e => e.GetProperty("message").GetString()!.Contains(bad.Message, StringComparison.Ordinal)),
            $"no message contains \"{bad.Message}\": {text}");
        Assert.Equal(before, fixture.Snapshot());
    }

    private static readonly Dictionary<string, BadInput> Cases = new BadInput[]
    {
        // Authentication (SlashID's trigger API headers) on every kind of route.
        new("create without SlashID-OrgID", "POST", Webhooks, NewWebhook(), 400, "SlashID-OrgID header is required") { Credentials = Credentials.NoOrganization },
        new("create with a SlashID-OrgID that is not a UUID", "POST", Webhooks, NewWebhook(), 400, "must be an organization id (a UUID)") { Credentials = Credentials.OrganizationNotUuid },
        new("create without an API key", "POST", Webhooks, NewWebhook(), 401, "SlashID-API-Key header is required") { Credentials = Credentials.NoKey },
        new("list without an API key", "GET", Webhooks, null, 401, "SlashID-API-Key header is required") { Credentials = Credentials.NoKey },
        new("get without an API key", "GET", Jwt, null, 401, "SlashID-API-Key header is required") { Credentials = Credentials.NoKey },
        new("patch without an API key", "PATCH", Jwt, """{"name":"x"}""", 401, "SlashID-API-Key header is required") { Credentials = Credentials.NoKey },
        new("delete without an API key", "DELETE", Jwt, null, 401, "SlashID-API-Key header is required") { Credentials = Credentials.NoKey },
        new("add trigger without an API key", "POST", Jwt + "/triggers", Trigger("event", "PersonCreated_v1"), 401, "SlashID-API-Key header is required") { Credentials = Credentials.NoKey },
        new("list deliveries without an API key", "GET", Deliveries, null, 401, "SlashID-API-Key header is required") { Credentials = Credentials.NoKey },
        new("get delivery without an API key", "GET", "deliveries/{unknown}", null, 401, "SlashID-API-Key header is required") { Credentials = Credentials.NoKey },
        new("activate without an API key", "POST", WebSub + "/activate", null, 401, "SlashID-API-Key header is required") { Credentials = Credentials.NoKey },
        new("create with a wrong API key", "POST", Webhooks, NewWebhook(), 401, "does not hold a valid API key") { Credentials = Credentials.WrongKey },
        new("delete with a wrong API key", "DELETE", Jwt, null, 401, "does not hold a valid API key") { Credentials = Credentials.WrongKey },
        new("create with another organization's key", "POST", Webhooks, NewWebhook(), 403, "does not belong to the organization") { Credentials = Credentials.OtherOrganization },
        new("list with another organization's key", "GET", Webhooks, null, 403, "does not belong to the organization") { Credentials = Credentials.OtherOrganization },
        new("patch with another organization's key", "PATCH", Jwt, """{"name":"x"}""", 403, "does not belong to the organization") { Credentials = Credentials.OtherOrganization },
        new("delete with another organization's key", "DELETE", Jwt, null, 403, "does not belong to the organization") { Credentials = Credentials.OtherOrganization },
        new("deactivate with another organization's key", "POST", Jwt + "/deactivate", null, 403, "does not belong to the organization") { Credentials = Credentials.OtherOrganization },
        new("remove trigger with another organization's key", "DELETE", Jwt + "/triggers?trigger_type=event&trigger_name=AuthenticationFailed_v1", null, 403, "does not belong to the organization") { Credentials = Credentials.OtherOrganization },

        // Unknown ids.
        new("get an unknown webhook", "GET", Unknown, null, 404, "No webhook with this id exists"),
        new("get a webhook id that is not a UUID", "GET", Webhooks + "/not-a-uuid", null, 404, "No webhook with this id exists"),
        new("patch an unknown webhook", "PATCH", Unknown, """{"name":"x"}""", 404, "No webhook with this id exists"),
        new("delete an unknown webhook", "DELETE", Unknown, null, 404, "No webhook with this id exists"),
        new("delete a webhook id that is not a UUID", "DELETE", Webhooks + "/12345", null, 404, "No webhook with this id exists"),
        new("add a trigger to an unknown webhook", "POST", Unknown + "/triggers", Trigger("event", "PersonCreated_v1"), 404, "No webhook with this id exists"),
        new("list triggers of an unknown webhook", "GET", Unknown + "/triggers", null, 404, "No webhook with this id exists"),
        new("remove a trigger of an unknown webhook", "DELETE", Unknown + "/triggers?trigger_type=event&trigger_name=PersonCreated_v1", null, 404, "No webhook with this id exists"),
        new("activate an unknown webhook", "POST", Unknown + "/activate", null, 404, "No webhook with this id exists"),
        new("deactivate an unknown webhook", "POST", Unknown + "/deactivate", null, 404, "No webhook with this id exists"),
        new("resend verification of an unknown webhook", "POST", Unknown + "/verification/resend", null, 404, "No webhook with this id exists"),
        new("list deliveries of an unknown webhook", "GET", Unknown + "/deliveries", null, 404, "No webhook with this id exists"),
        new("get an unknown delivery", "GET", "deliveries/{unknown}", null, 404, "No delivery with this id exists"),
        new("get a delivery id that is not a UUID", "GET", "deliveries/latest", null, 404, "No delivery with this id exists"),
        new("get another webhook's id as a delivery", "GET", "deliveries/{jwt}", null, 404, "No delivery with this id exists"),

        // Bodies that are not a JSON object, or too large.
        new("create with malformed JSON", "POST", Webhooks, """{"name":""", 400, "not valid JSON"),
        new("create with trailing garbage", "POST", Webhooks, """{"name":"x"} x""", 400, "not valid JSON"),
        new("create with an empty body", "POST", Webhooks, "", 400, "not valid JSON"),
        new("create with a JSON list", "POST", Webhooks, "[]", 400, "must be a JSON object"),
        new("create with a JSON string", "POST", Webhooks, "\"https://hooks.example.com\"", 400, "must be a JSON object"),
        new("create with JSON null", "POST", Webhooks, "null", 400, "must be a JSON object"),
        new("create as text/plain", "POST", Webhooks, NewWebhook(), 415, "must be JSON") { ContentType = "text/plain" },
        new("create as a form", "POST", Webhooks, "name=x", 415, "must be JSON") { ContentType = "application/x-www-form-urlencoded" },
        new("create without a body or content type", "POST", Webhooks, null, 415, "must be JSON"),
        new("patch with malformed JSON", "PATCH", Jwt, "{", 400, "not valid JSON"),
        new("patch as text/plain", "PATCH", Jwt, """{"name":"x"}""", 415, "must be JSON") { ContentType = "text/plain" },
        new("add a trigger with malformed JSON", "POST", Jwt + "/triggers", """{"trigger_type":}""", 400, "not valid JSON"),
        new("add a trigger as text/plain", "POST", Jwt + "/triggers", Trigger("event", "PersonCreated_v1"), 415, "must be JSON") { ContentType = "text/plain" },
        new("add a trigger with a JSON list", "POST", Jwt + "/triggers", "[]", 400, "must be a JSON object"),
        new("create with a body over 256 KiB", "POST", Webhooks, NewWebhook($"\"description\":\"{Oversized}\""), 413, "at most 256 KiB"),
        new("patch with a body over 256 KiB", "PATCH", Jwt, $$"""{"description":"{{Oversized}}"}""", 413, "at most 256 KiB"),
        new("add a trigger with a body over 256 KiB", "POST", Jwt + "/triggers", $$"""{"trigger_type":"event","trigger_name":"{{Oversized}}"}""", 413, "at most 256 KiB"),

        // Wrong JSON types and unknown fields.
        new("create with name: 5", "POST", Webhooks, """{"target_url":"https://new.example.com/hook","name":5}""", 400, "The name field must be a string, not a number"),
        new("create with description: true", "POST", Webhooks, NewWebhook("\"description\":true"), 400, "The description field must be a string, not a boolean"),
        new("create with target_url: 1", "POST", Webhooks, """{"target_url":1,"name":"new"}""", 400, "The target_url field must be a string"),
        new("create with target_url as an object", "POST", Webhooks, """{"target_url":{"host":"example.com"},"name":"new"}""", 400, "The target_url field must be a string, not an object"),
        new("create with custom_headers: \"x\"", "POST", Webhooks, NewWebhook("\"custom_headers\":\"x\""), 400, "The custom_headers field must be an object of header names to lists of values"),
        new("create with custom_headers as a list", "POST", Webhooks, NewWebhook("\"custom_headers\":[\"X-A\"]"), 400, "custom_headers field must be an object"),
        new("create with a header value that is not a list", "POST", Webhooks, NewWebhook("\"custom_headers\":{\"X-A\":\"v\"}"), 400, "Each entry of the custom_headers field must be a list of strings"),
        new("create with a header value that is a number", "POST", Webhooks, NewWebhook("\"custom_headers\":{\"X-A\":[1]}"), 400, "Each entry of the custom_headers field must be a list of strings"),
        new("create with a null header value", "POST", Webhooks, NewWebhook("\"custom_headers\":{\"X-A\":[null]}"), 400, "Each entry of the custom_headers field must be a list of strings"),
        new("create with a header named twice", "POST", Webhooks, NewWebhook("\"custom_headers\":{\"X-A\":[\"1\"],\"x-a\":[\"2\"]}"), 400, "names the header 'x-a' more than once"),
        new("create with timeout: 10", "POST", Webhooks, NewWebhook("\"timeout\":10"), 400, "The timeout field must be a string holding a Go duration"),
        new("create with timeout: true", "POST", Webhooks, NewWebhook("\"timeout\":true"), 400, "The timeout field must be a string holding a Go duration"),
        new("create with format: 1", "POST", Webhooks, NewWebhook("\"format\":1"), 400, "The format field must be one of jwt, standard, websub"),
        new("create with secret: 123", "POST", Webhooks, NewWebhook("\"format\":\"websub\",\"secret\":123"), 400, "The secret field must be a string"),
        new("create with an unknown field", "POST", Webhooks, NewWebhook("\"url\":\"https://x.example.com\""), 400, "The field 'url' is not known"),
        new("create with a camelCase field", "POST", Webhooks, """{"targetUrl":"https://new.example.com/hook","name":"new"}""", 400, "The field 'targetUrl' is not known"),
        new("create with channels (a console field)", "POST", Webhooks, NewWebhook("\"channels\":[\"login\"]"), 400, "The field 'channels' is not known"),
        new("patch with name: 5", "PATCH", Jwt, """{"name":5}""", 400, "The name field must be a string"),
        new("patch with timeout: 10", "PATCH", Jwt, """{"timeout":10}""", 400, "The timeout field must be a string holding a Go duration"),
        new("patch with custom_headers: \"x\"", "PATCH", Jwt, """{"custom_headers":"x"}""", 400, "The custom_headers field must be an object"),
        new("patch the format", "PATCH", Jwt, """{"format":"websub"}""", 400, "The format field cannot be changed"),
        new("patch the secret", "PATCH", WebSub, """{"secret":"0123456789abcdefghij"}""", 400, "The secret field cannot be changed with PATCH"),
        new("patch with an unknown field", "PATCH", Jwt, """{"status":"inactive"}""", 400, "The field 'status' is not known"),
        new("add a trigger with trigger_type: 1", "POST", Jwt + "/triggers", """{"trigger_type":1,"trigger_name":"PersonCreated_v1"}""", 400, "The trigger_type field must be a string"),
        new("add a trigger with trigger_name: [ ]", "POST", Jwt + "/triggers", """{"trigger_type":"event","trigger_name":["PersonCreated_v1"]}""", 400, "The trigger_name field must be a string, not a list"),
        new("add a trigger with an unknown field", "POST", Jwt + "/triggers", """{"trigger_type":"event","trigger_name":"PersonCreated_v1","webhook_id":"x"}""", 400, "The field 'webhook_id' is not known"),

        // Required fields and their lengths.
        new("create without target_url", "POST", Webhooks, """{"name":"new"}""", 400, "The target URL is required."),
        new("create with target_url: null", "POST", Webhooks, """{"target_url":null,"name":"new"}""", 400, "The target URL is required."),
        new("create without name", "POST", Webhooks, """{"target_url":"https://new.example.com/hook"}""", 400, "The name is required."),
        new("create with a blank name", "POST", Webhooks, """{"target_url":"https://new.example.com/hook","name":"   "}""", 400, "The name is required."),
        new("create with a 201-character name", "POST", Webhooks, $$"""{"target_url":"https://new.example.com/hook","name":"{{new string('n', 201)}}"}""", 400, "The name must be at most 200 characters long."),
        new("create with a control character in the name", "POST", Webhooks, """{"target_url":"https://new.example.com/hook","name":"bell\u0007"}""", 400, "The name must not contain control characters."),
        new("create with a 1001-character description", "POST", Webhooks, NewWebhook($"\"description\":\"{new string('d', 1001)}\""), 400, "The description must be at most 1000 characters long."),
        new("create with an empty body object", "POST", Webhooks, "{}", 400, "The target URL is required."),
        new("patch with a blank name", "PATCH", Jwt, """{"name":""}""", 400, "The name is required."),

        // SlashID's webhook API target URL rules, with Delivery:AllowInsecureTargets off.
        new("target URL over http", "POST", Webhooks, Url("http://hooks.example.com/new"), 400, "The target URL must use HTTPS."),
        new("target URL on localhost", "POST", Webhooks, Url("https://localhost/hook"), 400, "must not be localhost"),
        new("target URL on LOCALHOST with a port", "POST", Webhooks, Url("https://LOCALHOST:8443/hook"), 400, "must not be localhost"),
        new("target URL on a localhost subdomain", "POST", Webhooks, Url("https://api.localhost/hook"), 400, "must not be localhost"),
        new("target URL on localhost with a trailing dot", "POST", Webhooks, Url("https://localhost./hook"), 400, "must not be localhost"),
        new("target URL on 127.0.0.1", "POST", Webhooks, Url("https://127.0.0.1/hook"), 400, "must be a domain name, not an IP address"),
        new("target URL on a public IPv4 address", "POST", Webhooks, Url("https://93.184.216.34/hook"), 400, "must be a domain name, not an IP address"),
        new("target URL on IPv6 loopback", "POST", Webhooks, Url("https://[::1]/hook"), 400, "must be a domain name, not an IP address"),
        new("target URL on an IPv6 address", "POST", Webhooks, Url("https://[2001:db8::1]:8443/hook"), 400, "must be a domain name, not an IP address"),
        new("target URL on a decimal IPv4 address", "POST", Webhooks, Url("https://2130706433/hook"), 400, "must be a domain name, not an IP address"),
        new("target URL on a hex IPv4 address", "POST", Webhooks, Url("https://0x7f.0.0.1/hook"), 400, "must be a domain name, not an IP address"),
        new("target URL with a query", "POST", Webhooks, Url("https://hooks.example.com/new?token=1"), 400, "must not contain query parameters"),
        new("target URL with an empty query", "POST", Webhooks, Url("https://hooks.example.com/new?"), 400, "must not contain query parameters"),
        new("target URL with a fragment", "POST", Webhooks, Url("https://hooks.example.com/new#part"), 400, "must not contain a fragment"),
        new("target URL with a user and password", "POST", Webhooks, Url("https://user:pass@hooks.example.com/new"), 400, "must not contain a user name or password"),
        new("target URL with ftp", "POST", Webhooks, Url("ftp://hooks.example.com/new"), 400, "must be an absolute URL starting with https://"),
        new("target URL that is relative", "POST", Webhooks, Url("/hooks/new"), 400, "must be an absolute URL starting with https://"),
        new("target URL that is only a host", "POST", Webhooks, Url("hooks.example.com"), 400, "must be an absolute URL starting with https://"),
        new("target URL without a host", "POST", Webhooks, Url("https:///hook"), 400, "The target URL"),
        new("target URL with a space", "POST", Webhooks, Url("https://hooks.example.com/new hook"), 400, "must not contain spaces or control characters"),
        new("target URL with a line feed", "POST", Webhooks, Url("https://hooks.example.com/new\nX: 1"), 400, "must not contain spaces or control characters"),
        new("target URL over 2048 characters", "POST", Webhooks, Url("https://hooks.example.com/" + new string('p', 2048)), 400, "must be at most 2048 characters long"),
        new("target URL already used by another webhook", "POST", Webhooks, Url(BadInputApp.OtherUrl), 409, "already used by another webhook of this organization"),
        new("patch the target URL to localhost", "PATCH", Jwt, """{"target_url":"https://localhost/hook"}""", 400, "must not be localhost"),
        new("patch the target URL to http", "PATCH", Jwt, """{"target_url":"http://hooks.example.com/jwt"}""", 400, "The target URL must use HTTPS."),
        new("patch the target URL to another webhook's", "PATCH", Jwt, $$"""{"target_url":"{{BadInputApp.OtherUrl}}"}""", 409, "already used by another webhook of this organization"),

        // SlashID's webhook API timeout: a Go duration from 0s to 20s.
        new("timeout 21s", "POST", Webhooks, NewWebhook("\"timeout\":\"21s\""), 400, "The timeout must be at most 20s."),
        new("timeout 20.001s", "POST", Webhooks, NewWebhook("\"timeout\":\"20.001s\""), 400, "The timeout must be at most 20s."),
        new("timeout 1m", "POST", Webhooks, NewWebhook("\"timeout\":\"1m\""), 400, "The timeout must be at most 20s."),
        new("timeout 1h", "POST", Webhooks, NewWebhook("\"timeout\":\"1h\""), 400, "The timeout must be at most 20s."),
        new("timeout -1s", "POST", Webhooks, NewWebhook("\"timeout\":\"-1s\""), 400, "The timeout must not be negative."),
        new("timeout -500ms", "POST", Webhooks, NewWebhook("\"timeout\":\"-500ms\""), 400, "The timeout must not be negative."),
        new("timeout 10 without a unit", "POST", Webhooks, NewWebhook("\"timeout\":\"10\""), 400, "The timeout '10' is not a duration"),
        new("timeout ten seconds", "POST", Webhooks, NewWebhook("\"timeout\":\"ten seconds\""), 400, "The timeout 'ten seconds' is not a duration"),
        new("timeout 10 s with a space", "POST", Webhooks, NewWebhook("\"timeout\":\"10 s\""), 400, "is not a duration"),
        new("timeout 10sec", "POST", Webhooks, NewWebhook("\"timeout\":\"10sec\""), 400, "is not a duration"),
        new("timeout in .NET form 00:00:10", "POST", Webhooks, NewWebhook("\"timeout\":\"00:00:10\""), 400, "is not a duration"),
        new("timeout in ISO 8601 form PT10S", "POST", Webhooks, NewWebhook("\"timeout\":\"PT10S\""), 400, "is not a duration"),
        new("patch timeout 21s", "PATCH", Jwt, """{"timeout":"21s"}""", 400, "The timeout must be at most 20s."),
        new("patch timeout -1s", "PATCH", Jwt, """{"timeout":"-1s"}""", 400, "The timeout must not be negative."),

        // Per-endpoint delivery settings (issue 9): the engine's rules, a PATCH changes nothing when one is broken.
        new("max_in_flight 0", "POST", Webhooks, NewWebhook("\"max_in_flight\":0"), 400, MaxInFlightRule),
        new("max_in_flight 257", "POST", Webhooks, NewWebhook("\"max_in_flight\":257"), 400, MaxInFlightRule),
        new("max_in_flight -1", "POST", Webhooks, NewWebhook("\"max_in_flight\":-1"), 400, MaxInFlightRule),
        new("max_in_flight 1.5", "POST", Webhooks, NewWebhook("\"max_in_flight\":1.5"), 400, MaxInFlightRule),
        new("max_in_flight \"4\"", "POST", Webhooks, NewWebhook("\"max_in_flight\":\"4\""), 400, MaxInFlightRule),
        new("max_in_flight true", "POST", Webhooks, NewWebhook("\"max_in_flight\":true"), 400, MaxInFlightRule),
        new("max_in_flight beyond int", "POST", Webhooks, NewWebhook("\"max_in_flight\":99999999999"), 400, MaxInFlightRule),
        new("rate_limit_per_second 0", "POST", Webhooks, NewWebhook("\"rate_limit_per_second\":0"), 400, RateLimitRule),
        new("rate_limit_per_second 10001", "POST", Webhooks, NewWebhook("\"rate_limit_per_second\":10001"), 400, RateLimitRule),
        new("rate_limit_per_second -1", "POST", Webhooks, NewWebhook("\"rate_limit_per_second\":-1"), 400, RateLimitRule),
        new("rate_limit_per_second as a list", "POST", Webhooks, NewWebhook("\"rate_limit_per_second\":[5]"), 400, RateLimitRule),
        new("ordering lifo", "POST", Webhooks, NewWebhook("\"ordering\":\"lifo\""), 400, OrderingRule),
        new("ordering FIFO in capitals", "POST", Webhooks, NewWebhook("\"ordering\":\"FIFO\""), 400, OrderingRule),
        new("ordering 1", "POST", Webhooks, NewWebhook("\"ordering\":1"), 400, "The ordering field must be \"none\" or \"fifo\", not a number."),
        new("patch max_in_flight 0", "PATCH", Jwt, """{"max_in_flight":0}""", 400, MaxInFlightRule),
        new("patch max_in_flight 257 with a valid name", "PATCH", Jwt, """{"name":"renamed","max_in_flight":257}""", 400, MaxInFlightRule),
        new("patch rate_limit_per_second 10001", "PATCH", Jwt, """{"rate_limit_per_second":10001}""", 400, RateLimitRule),
        new("patch rate_limit_per_second \"5\"", "PATCH", Jwt, """{"rate_limit_per_second":"5"}""", 400, RateLimitRule),
        new("patch ordering lifo", "PATCH", Jwt, """{"ordering":"lifo"}""", 400, OrderingRule),

        // Format and secret.
        new("format xml", "POST", Webhooks, NewWebhook("\"format\":\"xml\""), 400, "The format 'xml' is not one of jwt, standard, websub."),
        new("format JWT in capitals", "POST", Webhooks, NewWebhook("\"format\":\"JWT\""), 400, "The format 'JWT' is not one of jwt, standard, websub."),
        new("jwt webhook with a secret", "POST", Webhooks, NewWebhook("\"secret\":\"0123456789abcdefghij\""), 400, "leave the secret empty"),
        new("standard webhook with a secret without whsec_", "POST", Webhooks, NewWebhook("\"format\":\"standard\",\"secret\":\"0123456789abcdefghijklmnop\""), 400, "whsec_ followed by the base64 of 24 to 64 bytes"),
        new("standard webhook with a short secret", "POST", Webhooks, NewWebhook("\"format\":\"standard\",\"secret\":\"whsec_c2hvcnQ=\""), 400, "whsec_ followed by the base64 of 24 to 64 bytes"),
        new("websub webhook with a short secret", "POST", Webhooks, NewWebhook("\"format\":\"websub\",\"secret\":\"short\""), 400, "The secret must be between 16 and 200 characters long"),
        new("websub webhook with a space in the secret", "POST", Webhooks, NewWebhook("\"format\":\"websub\",\"secret\":\"0123456789 abcdefghij\""), 400, "must not contain spaces or control characters"),

        // Custom headers (SlashID's webhook API): valid names, no control characters (no header injection), nothing the engine sets.
        new("header name with CR", "POST", Webhooks, Headers("\"X-A\\r\":[\"v\"]"), 400, "is not a valid HTTP header name"),
        new("header name with LF", "POST", Webhooks, Headers("\"X-A\\nX-B\":[\"v\"]"), 400, "is not a valid HTTP header name"),
        new("header name with a space", "POST", Webhooks, Headers("\"X A\":[\"v\"]"), 400, "The custom header name 'X A' is not a valid HTTP header name"),
        new("header name with a colon", "POST", Webhooks, Headers("\"X-A:\":[\"v\"]"), 400, "is not a valid HTTP header name"),
        new("empty header name", "POST", Webhooks, Headers("\"\":[\"v\"]"), 400, "is not a valid HTTP header name"),
        new("header name that is not ASCII", "POST", Webhooks, Headers("\"X-Ä\":[\"v\"]"), 400, "is not a valid HTTP header name"),
        new("header value with CR LF", "POST", Webhooks, Headers("\"X-A\":[\"a\\r\\nInjected: 1\"]"), 400, "A value of the custom header 'X-A' contains control or non-Latin-1 characters."),
        new("header value with LF", "POST", Webhooks, Headers("\"X-A\":[\"a\\nb\"]"), 400, "contains control or non-Latin-1 characters"),
        new("header value with CR", "POST", Webhooks, Headers("\"X-A\":[\"a\\rb\"]"), 400, "contains control or non-Latin-1 characters"),
        new("header value with NUL", "POST", Webhooks, Headers("\"X-A\":[\"a\\u0000b\"]"), 400, "contains control or non-Latin-1 characters"),
        new("header value with DEL", "POST", Webhooks, Headers("\"X-A\":[\"a\\u007fb\"]"), 400, "contains control or non-Latin-1 characters"),
        new("header value beyond Latin-1", "POST", Webhooks, Headers("\"X-A\":[\"€\"]"), 400, "contains control or non-Latin-1 characters"),
        new("header value of 4097 characters", "POST", Webhooks, Headers($"\"X-A\":[\"{new string('v', 4097)}\"]"), 400, "is longer than 4096 characters"),
        new("header with no values", "POST", Webhooks, Headers("\"X-A\":[]"), 400, "The custom header 'X-A' needs at least one value."),
        new("reserved header Content-Type", "POST", Webhooks, Headers("\"Content-Type\":[\"text/plain\"]"), 400, "The custom header 'Content-Type' is set by WebhookConsole itself"),
        new("reserved header host in lower case", "POST", Webhooks, Headers("\"host\":[\"evil.example.com\"]"), 400, "is set by WebhookConsole itself"),
        new("reserved header x-hub-signature", "POST", Webhooks, Headers("\"X-Hub-Signature\":[\"sha256=00\"]"), 400, "is set by WebhookConsole itself"),
        new("reserved header User-Agent", "POST", Webhooks, Headers("\"User-Agent\":[\"curl\"]"), 400, "is set by WebhookConsole itself"),
        new("reserved header Transfer-Encoding", "POST", Webhooks, Headers("\"Transfer-Encoding\":[\"chunked\"]"), 400, "is set by WebhookConsole itself"),
        new("reserved header webhook-signature", "POST", Webhooks, Headers("\"webhook-signature\":[\"v1,x\"]"), 400, "is set by WebhookConsole itself"),
        new("21 custom headers", "POST", Webhooks, Headers(string.Join(",", Enumerable.Range(1, 21).Select(i => $"\"X-H{i}\":[\"v\"]"))), 400, "at most 20 custom headers"),
        new("patch a header value with CR LF", "PATCH", Jwt, """{"custom_headers":{"X-EXAMPLE":["a\r\nInjected: 1"]}}""", 400, "contains control or non-Latin-1 characters"),
        new("patch a reserved header", "PATCH", Jwt, """{"custom_headers":{"Content-Length":["0"]}}""", 400, "is set by WebhookConsole itself"),

        // Triggers (SlashID's trigger API trigger types and names).
        new("trigger_type webhook", "POST", Jwt + "/triggers", Trigger("webhook", "PersonCreated_v1"), 400, "The trigger_type 'webhook' is not one of event, sync_hook."),
        new("trigger_type EVENT in capitals", "POST", Jwt + "/triggers", Trigger("EVENT", "PersonCreated_v1"), 400, "The trigger_type 'EVENT' is not one of event, sync_hook."),
        new("trigger without trigger_type", "POST", Jwt + "/triggers", """{"trigger_name":"PersonCreated_v1"}""", 400, "The trigger_type is required"),
        new("trigger without trigger_name", "POST", Jwt + "/triggers", """{"trigger_type":"event"}""", 400, "The trigger name is required."),
        new("trigger with an empty trigger_name", "POST", Jwt + "/triggers", Trigger("event", ""), 400, "The trigger name is required."),
        new("unknown event trigger", "POST", Jwt + "/triggers", Trigger("event", "LoginHappened_v9"), 400, "The trigger name 'LoginHappened_v9' is not an event trigger"),
        new("event trigger in the wrong case", "POST", Jwt + "/triggers", Trigger("event", "authenticationfailed_v1"), 400, "is not an event trigger"),
        new("event trigger without its version", "POST", Jwt + "/triggers", Trigger("event", "AuthenticationFailed"), 400, "is not an event trigger"),
        new("sync hook name as an event", "POST", Jwt + "/triggers", Trigger("event", "token_minted"), 400, "The trigger name 'token_minted' is not an event trigger"),
        new("unknown sync hook", "POST", Jwt + "/triggers", Trigger("sync_hook", "token_burned"), 400, "The trigger name 'token_burned' is not a sync hook"),
        new("event name as a sync hook", "POST", Jwt + "/triggers", Trigger("sync_hook", "AuthenticationFailed_v1"), 400, "is not a sync hook (one of token_minted, identify_user, threat_detection, posture_detection)"),
        new("remove a trigger without trigger_type", "DELETE", Jwt + "/triggers?trigger_name=AuthenticationFailed_v1", null, 400, "The trigger_type is required"),
        new("remove a trigger with an unknown trigger_type", "DELETE", Jwt + "/triggers?trigger_type=hook&trigger_name=AuthenticationFailed_v1", null, 400, "The trigger_type 'hook' is not one of event, sync_hook."),
        new("remove a trigger without trigger_name", "DELETE", Jwt + "/triggers?trigger_type=event", null, 400, "The trigger name is required."),
        new("remove an unknown event trigger", "DELETE", Jwt + "/triggers?trigger_type=event&trigger_name=Nope_v1", null, 400, "The trigger name 'Nope_v1' is not an event trigger"),

        // Verification of intent is a websub matter.
        new("resend verification of a jwt webhook", "POST", Jwt + "/verification/resend", null, 400, "Only websub webhooks verify intent"),
        new("activate a websub webhook without triggers", "POST", Webhooks + "/{bare}/activate", null, 400, "Add an event trigger before switching a websub webhook on"),
        new("resend verification of a websub webhook never switched on", "POST", WebSub + "/verification/resend", null, 400, "there is nothing to resend"),

        // SlashID's trigger API consistency headers.
        new("consistency eventual", "GET", Webhooks, null, 400, "The SlashID-Required-Consistency header must be local_region or all_regions.") { Headers = [("SlashID-Required-Consistency", "eventual")] },
        new("consistency in capitals", "GET", Webhooks, null, 400, "SlashID-Required-Consistency header must be local_region or all_regions") { Headers = [("SlashID-Required-Consistency", "LOCAL_REGION")] },
        new("consistency empty", "GET", Jwt, null, 400, "SlashID-Required-Consistency header must be local_region or all_regions") { Headers = [("SlashID-Required-Consistency", "")] },
        new("consistency given twice", "GET", Jwt, null, 400, "SlashID-Required-Consistency header must be local_region or all_regions") { Headers = [("SlashID-Required-Consistency", "local_region"), ("SlashID-Required-Consistency", "all_regions")] },
        new("consistency eventual on create", "POST", Webhooks, NewWebhook(), 400, "SlashID-Required-Consistency header must be local_region or all_regions") { Headers = [("SlashID-Required-Consistency", "eventual")] },
        new("consistency eventual on delete", "DELETE", Jwt, null, 400, "SlashID-Required-Consistency header must be local_region or all_regions") { Headers = [("SlashID-Required-Consistency", "strong")] },
        new("consistency timeout 0", "GET", Webhooks, null, 400, "The SlashID-Required-Consistency-Timeout header must be a whole number of seconds from 1 to 120.") { Headers = [("SlashID-Required-Consistency-Timeout", "0")] },
        new("consistency timeout 121", "GET", Webhooks, null, 400, "SlashID-Required-Consistency-Timeout header must be a whole number of seconds from 1 to 120") { Headers = [("SlashID-Required-Consistency-Timeout", "121")] },
        new("consistency timeout -5", "GET", Webhooks, null, 400, "SlashID-Required-Consistency-Timeout header must be a whole number of seconds from 1 to 120") { Headers = [("SlashID-Required-Consistency-Timeout", "-5")] },
        new("consistency timeout 1.5", "GET", Webhooks, null, 400, "SlashID-Required-Consistency-Timeout header must be a whole number of seconds from 1 to 120") { Headers = [("SlashID-Required-Consistency-Timeout", "1.5")] },
        new("consistency timeout abc", "PATCH", Jwt, """{"name":"x"}""", 400, "SlashID-Required-Consistency-Timeout header must be a whole number of seconds from 1 to 120") { Headers = [("SlashID-Required-Consistency-Timeout", "abc")] },
        new("consistency timeout 30s", "POST", Jwt + "/triggers", Trigger("event", "PersonCreated_v1"), 400, "SlashID-Required-Consistency-Timeout header must be a whole number of seconds from 1 to 120") { Headers = [("SlashID-Required-Consistency-Timeout", "30s")] },
        new("consistency timeout on events", "POST", "events", """{"event_name":"AuthenticationFailed_v1"}""", 400, "SlashID-Required-Consistency-Timeout header must be a whole number of seconds from 1 to 120") { Headers = [("SlashID-Required-Consistency-Timeout", "999")] },

        // Paging parameters.
        new("list with limit 0", "GET", Webhooks + "?limit=0", null, 400, "The limit query parameter must be a whole number from 1 to 500."),
        new("list with limit 501", "GET", Webhooks + "?limit=501", null, 400, "The limit query parameter must be a whole number from 1 to 500."),
        new("list with limit -1", "GET", Webhooks + "?limit=-1", null, 400, "The limit query parameter must be a whole number from 1 to 500."),
        new("list with limit abc", "GET", Webhooks + "?limit=abc", null, 400, "The limit query parameter must be a whole number from 1 to 500."),
        new("list with limit 1.5", "GET", Webhooks + "?limit=1.5", null, 400, "The limit query parameter must be a whole number from 1 to 500."),
        new("list with an empty limit", "GET", Webhooks + "?limit=", null, 400, "The limit query parameter must be a whole number from 1 to 500."),
        new("list with offset -1", "GET", Webhooks + "?offset=-1", null, 400, "The offset query parameter must be a whole number of at least 0."),
        new("list with offset abc", "GET", Webhooks + "?offset=abc", null, 400, "The offset query parameter must be a whole number of at least 0."),
        new("list with offset beyond int", "GET", Webhooks + "?offset=99999999999", null, 400, "The offset query parameter must be a whole number of at least 0."),
        new("deliveries with limit 0", "GET", Deliveries + "?limit=0", null, 400, "The limit query parameter must be a whole number from 1 to 500."),
        new("deliveries with limit 501", "GET", Deliveries + "?limit=501", null, 400, "The limit query parameter must be a whole number from 1 to 500."),
        new("deliveries with a made-up cursor", "GET", Deliveries + "?cursor=page2", null, 400, "The cursor query parameter must be a meta.next_cursor value returned by this endpoint."),
        new("deliveries with a cursor that is not base64url", "GET", Deliveries + "?cursor=%25%25%25", null, 400, "The cursor query parameter must be a meta.next_cursor value"),
        new("deliveries with base64 of something else", "GET", Deliveries + "?cursor=" + Convert.ToBase64String(Encoding.ASCII.GetBytes("d1:abc:def")).TrimEnd('='), null, 400, "The cursor query parameter must be a meta.next_cursor value"),
        new("deliveries with an empty cursor", "GET", Deliveries + "?cursor=", null, 400, "The cursor query parameter must be a meta.next_cursor value"),
        new("deliveries with status done", "GET", Deliveries + "?status=done", null, 400, "The status query parameter 'done' is not one of pending, in_flight, retrying, succeeded, failed, cancelled."),
        new("deliveries with an unknown event_name", "GET", Deliveries + "?event_name=LoginHappened_v9", null, 400, "The event_name query parameter 'LoginHappened_v9' is not a known event trigger"),
        new("deliveries since yesterday", "GET", Deliveries + "?since=yesterday", null, 400, "The since query parameter must be a time in RFC 3339 form"),
        new("deliveries until month 13", "GET", Deliveries + "?until=2026-13-01T00:00:00Z", null, 400, "The until query parameter must be a time in RFC 3339 form"),
        new("deliveries since after until", "GET", Deliveries + "?since=2026-11-21T12:00:00Z&until=2026-11-21T11:00:00Z", null, 400, "The since query parameter must be earlier than until."),
    }.ToDictionary(c => c.Scenario);

    private static string NewWebhook(string? extra = null) =>
        """{"target_url":"https://new.example.com/hook","name":"new" """.TrimEnd() + (extra is null ? "" : "," + extra) + "}";

    private static string Url(string url) => $$"""{"name":"new","target_url":{{JsonSerializer.Serialize(url)}}}""";

    private static string Headers(string headersJson) => NewWebhook($"\"custom_headers\":{{{headersJson}}}");

    private static string Trigger(string type, string name) => $$"""{"trigger_type":"{{type}}","trigger_name":"{{name}}"}""";
}

/// <summary>Which organization and key headers a bad request carries.</summary>
public enum Credentials
{
    Valid,
    NoOrganization,
    OrganizationNotUuid,
    NoKey,
    WrongKey,
    OtherOrganization,
}

/// <summary>
/// One bad request. <c>{jwt}</c>, <c>{websub}</c>, <c>{bare}</c> and <c>{unknown}</c> in the path stand for the
/// fixture's webhook ids and a random one.
/// </summary>
public sealed record BadInput(string Scenario, string Method, string Path, string? Body, int StatusCode, string Message)
{
    public HttpStatusCode Status => (HttpStatusCode)StatusCode;

    public string ContentType { get; init; } = "application/json";

    public Credentials Credentials { get; init; } = Credentials.Valid;

    public (string Name, string Value)[] Headers { get; init; } = [];

    public HttpRequestMessage ToRequest(BadInputApp fixture)
    {
        var path = Path.Replace("{jwt}", fixture.JwtId).Replace("{websub}", fixture.WebSubId).Replace("{bare}", fixture.BareWebSubId).Replace("{unknown}", Guid.NewGuid().ToString());
        var request = new HttpRequestMessage(new HttpMethod(Method), path);
        if (Body is not null)
        {
            request.Content = new StringContent(Body, Encoding.UTF8);
            request.Content.Headers.ContentType = new(ContentType);
        }

        var organization = Credentials switch
        {
            Credentials.NoOrganization => null,
            Credentials.OrganizationNotUuid => "myorg",
            Credentials.OtherOrganization => Guid.NewGuid().ToString(),
            _ => fixture.App.OrganizationId.ToString(),
        };
        if (organization is not null)
        {
            request.Headers.Add("SlashID-OrgID", organization);
        }

        var key = Credentials switch
        {
            Credentials.NoKey => null,
            Credentials.WrongKey => "whc_wrong_key_0123456789abcdefghijklmn",
            _ => ConsoleApp.ApiKey,
        };
        if (key is not null)
        {
            request.Headers.Add("SlashID-API-Key", key);
        }

        foreach (var (name, value) in Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }
}
