using System.Text.Json;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Privacy;
using WebhookConsole.Engine.Security;

namespace WebhookConsole.Tests.Engine;

/// <summary>
/// An event's content as the hub stores and sends it: <c>event_metadata</c> first, complete, then the payload's own
/// fields as sent; what the publisher sent in the metadata is checked against what the hub knows.
/// </summary>
public sealed class EventContentTests
{
    private static readonly SubjectKeys Subjects = new(MasterKey.Load(Convert.ToBase64String(new byte[32]), "unused"));
    private static readonly Guid OrganizationId = Guid.Parse("8f6a1c9e-3a51-4f8e-9d8c-0a2b4c6d8e10");
    private static readonly Guid EventId = Guid.Parse("0195b3a0-0000-7000-8000-000000000001");
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 9, 5, 7, 250, TimeSpan.FromHours(2));

    private static (EventContent.Shaped? Shaped, List<FieldError> Errors) Shape(string payload)
    {
        var errors = new List<FieldError>();
        return (EventContent.Shape("AuthenticationSucceeded_v1", payload, OrganizationId, 0, EventId, false, Now, Subjects, errors), errors);
    }

    [Theory]
    [InlineData("AuthenticationSucceeded_v1", "AuthenticationSucceeded")]
    [InlineData("PersonCreated_v12", "PersonCreated")]
    [InlineData("Odd_v", "Odd_v")]
    [InlineData("Odd_v1a", "Odd_v1a")]
    [InlineData("Odd_v2_v3", "Odd_v2")]
    [InlineData("NoVersion", "NoVersion")]
    public void EventTypeOf_DropsOnlyATrailingVersion(string eventName, string eventType) => Assert.Equal(eventType, EventContent.EventTypeOf(eventName));

    [Fact]
    public void Shape_WritesTheMetadataFirst_FilledIn_ThenThePayloadAsSent()
    {
        var (shaped, errors) = Shape("""{"person_id":"p1","event_metadata":{"source":"idp","custom":[1,2]},"nested":{"a":[true,null]}}""");

        Assert.Empty(errors);
        Assert.Equal(
            """{"event_metadata":{"event_id":"0195b3a0-0000-7000-8000-000000000001","event_name":"AuthenticationSucceeded_v1","event_type":"AuthenticationSucceeded","organization_id":"8f6a1c9e-3a51-4f8e-9d8c-0a2b4c6d8e10","organization_depth":0,"source":"idp","timestamp":"2026-12-03T07:05:07Z","is_test_event":false,"custom":[1,2]},"person_id":"p1","nested":{"a":[true,null]}}""",
            shaped!.Payload);
        Assert.Equal(EventId, shaped.EventId);
        Assert.Equal([Subjects.Hash("p1")], shaped.Subjects);
    }

    [Fact]
    public void Shape_KeepsWhatThePublisherSentThatMatches_AndNamesEachFieldThatDoesNot()
    {
        var (kept, keptErrors) = Shape($$$"""{"event_metadata":{"organization_id":"{{{OrganizationId.ToString().ToUpperInvariant()}}}","timestamp":"2026-01-02T03:04:05Z","event_type":"AuthenticationSucceeded"}}""");
        var (refused, errors) = Shape("""{"event_metadata":{"organization_id":"00000000-0000-0000-0000-000000000001","event_type":"Other","is_test_event":"yes"}}""");

        Assert.Empty(keptErrors);
        Assert.Equal("2026-01-02T03:04:05Z", JsonDocument.Parse(kept!.Payload).RootElement.GetProperty("event_metadata").GetProperty("timestamp").GetString());
        Assert.Null(refused);
        Assert.Equal(["payload.event_metadata.event_type", "payload.event_metadata.organization_id", "payload.event_metadata.is_test_event"], errors.Select(e => e.Field));
    }

    [Fact]
    public void Shape_AfterAPayloadThatIsNotJson_ShapesTheNextOneWhole()
    {
        var (broken, errors) = Shape("""{"person_id":""");
        var (next, _) = Shape("""{"a":1}""");

        Assert.Null(broken);
        Assert.Equal("payload", Assert.Single(errors).Field);
        Assert.EndsWith("""},"a":1}""", next!.Payload, StringComparison.Ordinal);
        Assert.StartsWith("""{"event_metadata":{""", next.Payload, StringComparison.Ordinal);
    }
}
