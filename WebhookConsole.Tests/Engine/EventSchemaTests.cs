using System.Text.Json.Nodes;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Webhooks;

namespace WebhookConsole.Tests.Engine;

/// <summary>Every event type's JSON Schema, checked with JsonSchema.Net: its example and random test events pass, broken content does not.</summary>
public sealed class EventSchemaTests
{
    public static TheoryData<string> EventNames => [.. EventCatalog.EventTypes.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(EventNames))]
    public void Validate_ExampleAndTestEventsOfEveryType_Conform(string name)
    {
        var type = EventCatalog.FindEvent(name)!;
        var example = EventSchemas.Describe(type, Guid.NewGuid()).Example;
        var test = JsonNode.Parse(TestEventFactory.Create(name, Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow));

        Assert.Empty(EventSchemaValidator.Validate(type, example));
        Assert.Empty(EventSchemaValidator.Validate(type, test));
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", EventSchemas.SchemaOf(type)["$schema"]!.GetValue<string>());
    }

    [Fact]
    public void Validate_WrongTypeAndMissingField_NamesEachJsonPath()
    {
        var type = EventCatalog.FindEvent("AuthenticationFailed_v1")!;
        var content = EventSchemas.Describe(type, Guid.NewGuid()).Example;
        content["browser_metadata"]!["user_agent"] = 42;
        content.Remove("failure_reason");

        var errors = EventSchemaValidator.Validate(type, content);

        Assert.Contains(errors, e => e.Field == "payload.browser_metadata.user_agent" && e.Message.Contains("AuthenticationFailed_v1 schema at payload.browser_metadata.user_agent"));
        Assert.Contains(errors, e => e.Field == "payload" && e.Message.Contains("failure_reason"));
    }
}
