namespace WebhookConsole.Engine.Catalog;

/// <summary>
/// Every event trigger and sync hook the product knows (SlashID's trigger API), the channel each belongs to, and its
/// event URI. The one place this mapping lives: the API, the console and the engine all read it here.
/// </summary>
public static class EventCatalog
{
    private const string Wso2 = "https://schemas.identity.wso2.org/events/";

    public static readonly EventChannel Logins = new("login", "Logins", "Successful and failed logins");
    public static readonly EventChannel Registrations = new("registration", "Registrations", "People registered, including anonymous people");
    public static readonly EventChannel Tokens = new("token", "Tokens", "Tokens minted");
    public static readonly EventChannel Sessions = new("session", "Sessions", "Sessions ended");
    public static readonly EventChannel Credentials = new("credential", "Credential updates", "Passwords changed");
    public static readonly EventChannel UserAccounts = new("user", "User account management", "People deleted, consents changed");
    public static readonly EventChannel Analytics = new("analytics", "Analytics", "Page loads, SDK loads, people identified");
    public static readonly EventChannel Gate = new("gate", "Gate", "Gate servers and the requests they handle");
    public static readonly EventChannel AccessControl = new("access_control", "Roles and permissions", "Roles and permissions created, changed, deleted or assigned");
    public static readonly EventChannel Security = new("security", "Security", "Attacks detected");

    /// <summary>The channels in the order the console lists them: Asgardeo's six first.</summary>
    public static readonly IReadOnlyList<EventChannel> Channels =
        [Logins, Registrations, Tokens, Sessions, Credentials, UserAccounts, Analytics, Gate, AccessControl, Security];

    /// <summary>The 33 event triggers of SlashID's trigger API.</summary>
    public static readonly IReadOnlyList<EventType> EventTypes =
    [
        Wso2Event("AuthenticationSucceeded_v1", Logins, "loginSuccess"),
        Wso2Event("AuthenticationFailed_v1", Logins, "loginFailed"),
        Wso2Event("PersonCreated_v1", Registrations, "registrationSuccess"),
        OwnEvent("AnonymousPersonCreated_v1", Registrations),
        Wso2Event("TokenMinted_v1", Tokens, "accessTokenIssued"),
        OwnEvent("AnonymousTokenMinted_v1", Tokens),
        Wso2Event("PersonLoggedOut_v1", Sessions, "sessionRevoked"),
        Wso2Event("PasswordChanged_v1", Credentials, "credentialUpdated"),
        Wso2Event("PersonDeleted_v1", UserAccounts, "userDeleted"),
        OwnEvent("GdprConsentsChanged_v1", UserAccounts),
        OwnEvent("VirtualPageLoaded_v1", Analytics),
        OwnEvent("SlashIDSDKLoaded_v1", Analytics),
        OwnEvent("PersonIdentified_v1", Analytics),
        OwnEvent("GateServerStarted_v1", Gate),
        OwnEvent("GateRequestHandled_v1", Gate),
        OwnEvent("GateRequestCredentialFound_v1", Gate),
        OwnEvent("PermissionCreated_InRegion_v1", AccessControl),
        OwnEvent("PermissionCreated_v1", AccessControl),
        OwnEvent("PermissionDeleted_InRegion_v1", AccessControl),
        OwnEvent("PermissionDeleted_v1", AccessControl),
        OwnEvent("PermissionUpdated_InRegion_v1", AccessControl),
        OwnEvent("PermissionUpdated_v1", AccessControl),
        OwnEvent("RoleCreated_InRegion_v1", AccessControl),
        OwnEvent("RoleCreated_v1", AccessControl),
        OwnEvent("RoleDeleted_InRegion_v1", AccessControl),
        OwnEvent("RoleDeleted_v1", AccessControl),
        OwnEvent("RoleUpdated_InRegion_v1", AccessControl),
        OwnEvent("RoleUpdated_v1", AccessControl),
        OwnEvent("RolesSetToPerson_InRegion_v1", AccessControl),
        OwnEvent("RolesSetToPerson_v1", AccessControl),
        OwnEvent("PermissionsSetToPerson_InRegion_v1", AccessControl),
        OwnEvent("PermissionsSetToPerson_v1", AccessControl),
        OwnEvent("MitmAttackDetected_v1", Security),
    ];

    /// <summary>The 4 synchronous hooks of SlashID's trigger API.</summary>
    public static readonly IReadOnlyList<string> SyncHooks = ["token_minted", "identify_user", "threat_detection", "posture_detection"];

    private static readonly Dictionary<string, EventType> ByName = EventTypes.ToDictionary(e => e.Name, StringComparer.Ordinal);
    private static readonly Dictionary<string, EventChannel> BySlug = Channels.ToDictionary(c => c.Slug, StringComparer.Ordinal);

    public static EventType? FindEvent(string? name) => name is not null && ByName.TryGetValue(name, out var type) ? type : null;

    public static EventChannel? FindChannel(string? slug) => slug is not null && BySlug.TryGetValue(slug, out var channel) ? channel : null;

    public static bool IsSyncHook(string? name) => name is not null && SyncHooks.Contains(name, StringComparer.Ordinal);

    public static bool IsKnownTrigger(TriggerType type, string? name) =>
        type == TriggerType.Event ? FindEvent(name) is not null : IsSyncHook(name);

    public static IEnumerable<EventType> EventsOf(EventChannel channel) => EventTypes.Where(e => e.Channel == channel);

    private static EventType Wso2Event(string name, EventChannel channel, string wso2Type) =>
        new(name, channel, $"{Wso2}{channel.Slug}/event-type/{wso2Type}");

    // WSO2 has no counterpart: a URN keeps the SET "events" key a URI without naming a host.
    private static EventType OwnEvent(string name, EventChannel channel) =>
        new(name, channel, $"urn:webhookconsole:events:{channel.Slug}:{name}");
}
