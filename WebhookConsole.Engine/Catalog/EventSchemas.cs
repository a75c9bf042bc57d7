using System.Security.Cryptography;
using System.Text.Json.Nodes;
using WebhookConsole.Engine.Delivery;

namespace WebhookConsole.Engine.Catalog;

/// <summary>
/// What each event type carries: a description, and the fields of its content beside <c>event_metadata</c>, from
/// which come its JSON Schema (draft 2020-12), its example payload and the random payloads of test events. SlashID's
/// own example (<c>AuthenticationFailed_v1</c>: <c>analytics_metadata</c>, <c>authenticated_methods</c>,
/// <c>browser_metadata</c>, <c>failed_authn_method</c>, <c>failure_reason</c>, <c>person_id</c>) is the model.
/// Schemas allow fields they do not list, so a publisher may add its own.
/// </summary>
public static class EventSchemas
{
    public const string Draft = "https://json-schema.org/draft/2020-12/schema";

    private static readonly string[] Methods = ["email_link", "webauthn", "password", "otp_via_sms", "oidc"];
    private static readonly string[] FailureReasons = ["no platform authenticator available", "invalid credentials", "link expired"];

    private static readonly Field PersonId = new("person_id", Text("The person's id."), _ => Id(), Required: true);
    private static readonly Field Analytics = new("analytics_metadata",
        Object("Correlates the events of one visit.", new() { ["analytics_correlation_id"] = Text("Shared by the events of one visit.") }),
        _ => new JsonObject { ["analytics_correlation_id"] = Id() });
    private static readonly Field Browser = new("browser_metadata",
        Object("Where the browser was.", new() { ["window_location"] = Text("The page's URL."), ["user_agent"] = Text("The browser's User-Agent.") }),
        _ => new JsonObject { ["window_location"] = "https://app.example.com/login", ["user_agent"] = "mozilla" });
    private static readonly Field AuthenticatedMethods = new("authenticated_methods",
        TextArray("The authentication methods the person has used (email_link, webauthn, password, otp_via_sms, oidc …)."),
        random => new JsonArray(Pick(Methods, random)));
    private static readonly Field FailedMethod = new("failed_authn_method", Text("The method that failed."), random => Pick(Methods, random), Required: true);
    private static readonly Field FailureReason = new("failure_reason", Text("Why it failed, in words."), random => Pick(FailureReasons, random), Required: true);
    private static readonly Field TokenId = new("token_id", Text("The minted token's id (jti)."), _ => Id(), Required: true);
    private static readonly Field ConsentLevels = new("consent_levels", TextArray("The consent levels the person has now (necessary, analytics, marketing …)."),
        _ => new JsonArray("necessary", "analytics"), Required: true);
    private static readonly Field SdkVersion = new("sdk_version", Text("The SDK's version."), _ => "1.18.0");
    private static readonly Field GateId = new("gate_id", Text("The Gate instance's id."), _ => Id(), Required: true);
    private static readonly Field GateVersion = new("gate_version", Text("The Gate's version."), _ => "2.4.1");
    private static readonly Field RequestMethod = new("request_method", Text("The HTTP method of the request."), _ => "GET", Required: true);
    private static readonly Field RequestPath = new("request_path", Text("The path of the request."), _ => "/api/orders", Required: true);
    private static readonly Field ResponseStatus = new("response_status", Integer("The status code the Gate answered."), _ => 200);
    private static readonly Field CredentialType = new("credential_type", Text("The kind of credential found (api_key, password, token …)."), _ => "api_key", Required: true);
    private static readonly Field Region = new("region", Text("The region where it happened (us-iowa, europe-belgium …)."), _ => "europe-belgium", Required: true);
    private static readonly Field PermissionName = new("permission_name", Text("The permission's name."), _ => "orders:read", Required: true);
    private static readonly Field Description = new("description", Text("The description."), _ => "Reads orders");
    private static readonly Field RoleName = new("role_name", Text("The role's name."), _ => "support", Required: true);
    private static readonly Field Permissions = new("permissions", TextArray("Permission names."), _ => new JsonArray("orders:read", "orders:refund"));
    private static readonly Field Roles = new("roles", TextArray("Role names."), _ => new JsonArray("support"), Required: true);
    private static readonly Field DetectedDomain = new("detected_domain", Text("The domain the page was served from."), _ => "login.examp1e.com", Required: true);
    private static readonly Field LegitimateDomain = new("legitimate_domain", Text("The domain the page belongs to."), _ => "login.example.com");

    private static readonly Dictionary<string, Shape> Shapes = new(StringComparer.Ordinal)
    {
        ["AuthenticationSucceeded_v1"] = new("A person authenticated.", [PersonId, AuthenticatedMethods, Analytics, Browser]),
        ["AuthenticationFailed_v1"] = new("An authentication attempt failed.", [PersonId, AuthenticatedMethods, FailedMethod, FailureReason, Analytics, Browser]),
        ["PersonCreated_v1"] = new("A person registered.", [PersonId, Analytics, Browser]),
        ["AnonymousPersonCreated_v1"] = new("An anonymous person was created (before they identify themselves).", [PersonId, Analytics, Browser]),
        ["TokenMinted_v1"] = new("A token was minted for a person.", [PersonId, TokenId, AuthenticatedMethods]),
        ["AnonymousTokenMinted_v1"] = new("A token was minted for an anonymous person.", [PersonId, TokenId]),
        ["PersonLoggedOut_v1"] = new("A person logged out; their session ended.", [PersonId, Analytics, Browser]),
        ["PasswordChanged_v1"] = new("A person changed their password.", [PersonId]),
        ["PersonDeleted_v1"] = new("A person was deleted.", [PersonId]),
        ["GdprConsentsChanged_v1"] = new("A person's GDPR consents changed.", [PersonId, ConsentLevels]),
        ["VirtualPageLoaded_v1"] = new("A page of a single-page application was shown.", [Analytics, Browser]),
        ["SlashIDSDKLoaded_v1"] = new("The SDK was loaded in a browser.", [SdkVersion, Analytics, Browser]),
        ["PersonIdentified_v1"] = new("A visitor was identified as a person.", [PersonId, Analytics, Browser]),
        ["GateServerStarted_v1"] = new("A Gate server started.", [GateId, GateVersion]),
        ["GateRequestHandled_v1"] = new("A Gate handled a request.", [GateId, RequestMethod, RequestPath, ResponseStatus]),
        ["GateRequestCredentialFound_v1"] = new("A Gate found a credential in a request.", [GateId, RequestMethod, RequestPath, CredentialType]),
        ["PermissionCreated_InRegion_v1"] = new("A permission was created in one region.", [PermissionName, Description, Region]),
        ["PermissionCreated_v1"] = new("A permission was created.", [PermissionName, Description]),
        ["PermissionDeleted_InRegion_v1"] = new("A permission was deleted in one region.", [PermissionName, Region]),
        ["PermissionDeleted_v1"] = new("A permission was deleted.", [PermissionName]),
        ["PermissionUpdated_InRegion_v1"] = new("A permission was changed in one region.", [PermissionName, Description, Region]),
        ["PermissionUpdated_v1"] = new("A permission was changed.", [PermissionName, Description]),
        ["RoleCreated_InRegion_v1"] = new("A role was created in one region.", [RoleName, Description, Permissions, Region]),
        ["RoleCreated_v1"] = new("A role was created.", [RoleName, Description, Permissions]),
        ["RoleDeleted_InRegion_v1"] = new("A role was deleted in one region.", [RoleName, Region]),
        ["RoleDeleted_v1"] = new("A role was deleted.", [RoleName]),
        ["RoleUpdated_InRegion_v1"] = new("A role was changed in one region.", [RoleName, Description, Permissions, Region]),
        ["RoleUpdated_v1"] = new("A role was changed.", [RoleName, Description, Permissions]),
        ["RolesSetToPerson_InRegion_v1"] = new("A person's roles were set in one region.", [PersonId, Roles, Region]),
        ["RolesSetToPerson_v1"] = new("A person's roles were set.", [PersonId, Roles]),
        ["PermissionsSetToPerson_InRegion_v1"] = new("A person's permissions were set in one region.", [PersonId, Permissions with { Required = true }, Region]),
        ["PermissionsSetToPerson_v1"] = new("A person's permissions were set.", [PersonId, Permissions with { Required = true }]),
        ["MitmAttackDetected_v1"] = new("A page was served from a look-alike domain (a man-in-the-middle attack).", [DetectedDomain, LegitimateDomain, Analytics, Browser]),
    };

    /// <summary>The event id of every documented example (SlashID's own example event's id).</summary>
    public static readonly Guid ExampleEventId = Guid.Parse("68a850ca-b2ee-46ce-8592-410813037739");

    /// <summary>The time of every documented example.</summary>
    public static readonly DateTimeOffset ExampleTime = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Everything the catalog says about <paramref name="type"/>, with an example for <paramref name="organizationId"/>.</summary>
    public static EventTypeDescription Describe(EventType type, Guid organizationId) => new(
        type.Name, EventContent.EventTypeOf(type.Name), type.Channel, DescriptionOf(type), type.EventUri, SchemaOf(type),
        ExampleOf(type, ExampleEventId, organizationId, ExampleTime, isTestEvent: false));

    /// <summary>What <paramref name="type"/> means, in a sentence.</summary>
    public static string DescriptionOf(EventType type) => ShapeOf(type).Description;

    /// <summary>The JSON Schema (draft 2020-12) of <paramref name="type"/>'s content: <c>event_metadata</c> and the type's fields.</summary>
    public static JsonObject SchemaOf(EventType type)
    {
        var shape = ShapeOf(type);
        var properties = new JsonObject { [EventContent.Metadata] = MetadataSchema(type) };
        foreach (var field in shape.Fields)
        {
            properties[field.Name] = field.Schema.DeepClone();
        }

        return new JsonObject
        {
            ["$schema"] = Draft,
            ["$id"] = $"urn:webhookconsole:event-type:{type.Name}",
            ["title"] = type.Name,
            ["description"] = shape.Description,
            ["type"] = "object",
            ["required"] = new JsonArray([EventContent.Metadata, .. shape.Fields.Where(f => f.Required).Select(f => (JsonNode)f.Name)]),
            ["properties"] = properties,
        };
    }

    /// <summary>
    /// A content of <paramref name="type"/> that its schema accepts. <paramref name="random"/>: pick values at random
    /// (test events); otherwise the same example every time (documentation).
    /// </summary>
    public static JsonObject ExampleOf(EventType type, Guid eventId, Guid organizationId, DateTimeOffset time, bool isTestEvent, bool random = false)
    {
        var content = new JsonObject
        {
            [EventContent.Metadata] = new JsonObject
            {
                ["event_id"] = eventId.ToString(),
                ["event_name"] = type.Name,
                ["event_type"] = EventContent.EventTypeOf(type.Name),
                ["organization_id"] = organizationId.ToString(),
                ["source"] = EventContent.DefaultSource,
                ["timestamp"] = EventContent.Timestamp(time),
                ["is_test_event"] = isTestEvent,
            },
        };
        foreach (var field in ShapeOf(type).Fields)
        {
            content[field.Name] = random ? field.Example(true) : FixedIds(field.Example(false));
        }

        return content;
    }

    private static Shape ShapeOf(EventType type) =>
        Shapes.TryGetValue(type.Name, out var shape) ? shape : throw new InvalidOperationException($"Event type {type.Name} has no schema.");

    private static JsonObject MetadataSchema(EventType type) => new()
    {
        ["type"] = "object",
        ["description"] = "Who, what and when: the same fields for every event type.",
        ["required"] = new JsonArray("event_id", "event_name", "event_type", "organization_id", "timestamp"),
        ["properties"] = new JsonObject
        {
            ["event_id"] = new JsonObject { ["type"] = "string", ["format"] = "uuid", ["description"] = "The event's id: the JWT sub, the websub rci, the standard id." },
            ["event_name"] = new JsonObject { ["const"] = type.Name },
            ["event_type"] = new JsonObject { ["const"] = EventContent.EventTypeOf(type.Name) },
            ["organization_id"] = new JsonObject { ["type"] = "string", ["format"] = "uuid" },
            ["organization_depth"] = new JsonObject
            {
                ["type"] = "integer", ["minimum"] = 0,
                ["description"] = "0 for a root organization, 1 or more for a sub-organization (filled in by the hub).",
            },
            ["source"] = new JsonObject { ["type"] = new JsonArray("integer", "string"), ["description"] = "Where the event was raised." },
            ["timestamp"] = new JsonObject { ["type"] = "string", ["format"] = "date-time", ["description"] = "When it happened (RFC 3339)." },
            ["is_test_event"] = new JsonObject { ["type"] = "boolean" },
        },
    };

    private static JsonObject Text(string description) => new() { ["type"] = "string", ["description"] = description };

    private static JsonObject Integer(string description) => new() { ["type"] = "integer", ["description"] = description };

    private static JsonObject TextArray(string description) => new() { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" }, ["description"] = description };

    private static JsonObject Object(string description, Dictionary<string, JsonObject> properties) => new()
    {
        ["type"] = "object",
        ["description"] = description,
        ["properties"] = new JsonObject(properties.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
    };

    private static JsonNode Id() => Guid.NewGuid().ToString();

    // The documented example must not change from one request to the next: its generated ids are fixed.
    private static JsonNode FixedIds(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    obj[name] = FixedIds(obj[name]!);
                }

                return obj;
            case JsonValue value when value.TryGetValue<string>(out var text) && Guid.TryParse(text, out _):
                return "0647620e-b32f-727b-8004-3f29d8ec5520";
            default:
                return node;
        }
    }

    private static JsonNode Pick(string[] values, bool random) => values[random ? RandomNumberGenerator.GetInt32(values.Length) : 0];

    private sealed record Field(string Name, JsonObject Schema, Func<bool, JsonNode> Example, bool Required = false);

    private sealed record Shape(string Description, Field[] Fields);
}

/// <summary>An event type as the API and the console show it: its names, channel, meaning, JSON Schema and an example content.</summary>
public sealed record EventTypeDescription(string Name, string EventType, EventChannel Channel, string Description, string EventUri, JsonObject Schema, JsonObject Example);
