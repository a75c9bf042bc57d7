using WebhookConsole.Engine.Catalog;

namespace WebhookConsole.Tests.Engine;

public sealed class EventCatalogTests
{
    [Fact]
    public void EventTypes_HoldEveryDocumentedEventTrigger()
    {
        string[] documentedEventTypes =
        [
            "AuthenticationSucceeded_v1", "AuthenticationFailed_v1", "PersonCreated_v1", "AnonymousPersonCreated_v1",
            "PersonDeleted_v1", "VirtualPageLoaded_v1", "SlashIDSDKLoaded_v1", "PersonIdentified_v1", "PersonLoggedOut_v1",
            "TokenMinted_v1", "AnonymousTokenMinted_v1", "PasswordChanged_v1", "GdprConsentsChanged_v1", "GateServerStarted_v1",
            "GateRequestHandled_v1", "GateRequestCredentialFound_v1", "PermissionCreated_InRegion_v1", "PermissionCreated_v1",
            "PermissionDeleted_InRegion_v1", "PermissionDeleted_v1", "RoleCreated_InRegion_v1", "RoleCreated_v1",
            "RoleDeleted_InRegion_v1", "RoleDeleted_v1", "RoleUpdated_InRegion_v1", "RoleUpdated_v1",
            "RolesSetToPerson_InRegion_v1", "RolesSetToPerson_v1", "PermissionsSetToPerson_InRegion_v1",
            "PermissionsSetToPerson_v1", "MitmAttackDetected_v1", "PermissionUpdated_InRegion_v1", "PermissionUpdated_v1",
        ];

        Assert.Equal(33, documentedEventTypes.Length);
        Assert.Equal(documentedEventTypes.Order(), EventCatalog.EventTypes.Select(e => e.Name).Order());
    }

    // The delivery log tells a sync-hook call from an event's delivery by its name (DeliveryLog.CountByStatusAsync).
    [Fact]
    public void SyncHooks_NoneHasAnEventsName() =>
        Assert.Empty(EventCatalog.SyncHooks.Intersect(EventCatalog.EventTypes.Select(e => e.Name), StringComparer.Ordinal));

    [Fact]
    public void SyncHooks_HoldTheFourDocumentedHooks() =>
        Assert.Equal(["identify_user", "posture_detection", "threat_detection", "token_minted"], EventCatalog.SyncHooks.Order());

    [Theory]
    [InlineData("Logins", "login")]
    [InlineData("Registrations", "registration")]
    [InlineData("Tokens", "token")]
    [InlineData("Sessions", "session")]
    [InlineData("Credential updates", "credential")]
    [InlineData("User account management", "user")]
    public void Channels_AsgardeoChannelHasItsTopicSlug(string name, string slug)
    {
        var channel = EventCatalog.FindChannel(slug);

        Assert.NotNull(channel);
        Assert.Equal(name, channel.Name);
        Assert.NotEmpty(EventCatalog.EventsOf(channel));
    }

    [Theory]
    [InlineData("AuthenticationSucceeded_v1", "https://schemas.identity.wso2.org/events/login/event-type/loginSuccess")]
    [InlineData("AuthenticationFailed_v1", "https://schemas.identity.wso2.org/events/login/event-type/loginFailed")]
    [InlineData("PersonCreated_v1", "https://schemas.identity.wso2.org/events/registration/event-type/registrationSuccess")]
    [InlineData("PasswordChanged_v1", "https://schemas.identity.wso2.org/events/credential/event-type/credentialUpdated")]
    public void FindEvent_EventWithWso2Counterpart_UsesWso2Uri(string name, string uri) =>
        Assert.Equal(uri, EventCatalog.FindEvent(name)!.EventUri);

    [Fact]
    public void EventTypes_EveryEventHasAChannelAndAUniqueUri()
    {
        Assert.All(EventCatalog.EventTypes, e => Assert.Contains(e.Channel, EventCatalog.Channels));
        Assert.Equal(EventCatalog.EventTypes.Count, EventCatalog.EventTypes.Select(e => e.EventUri).Distinct().Count());
        Assert.All(EventCatalog.EventTypes, e => Assert.True(Uri.IsWellFormedUriString(e.EventUri, UriKind.Absolute), e.EventUri));
    }
}
