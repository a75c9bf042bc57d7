using Bunit;
using WebhookConsole.Components.Pages;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Components;

public sealed class EventTypesTests : ConsoleTestContext
{
    [Fact]
    public void Render_NoTypeChosen_ListsEveryEventTypeWithItsChannelAndDescription()
    {
        var page = Render<EventTypes>();

        page.WaitForAssertion(() => Assert.Equal(33, page.FindAll("tr[data-event-type]").Count));
        var row = page.Find("tr[data-event-type='AuthenticationFailed_v1']");
        Assert.Contains("Logins", row.TextContent);
        Assert.Contains("An authentication attempt failed.", row.TextContent);
        Assert.Empty(page.FindAll("[data-testid=schema]"));
    }

    [Fact]
    public void Render_TypeChosen_ShowsItsSchemaAndAnExampleForThisOrganization()
    {
        var page = Render<EventTypes>(parameters => parameters.Add(p => p.Name, "AuthenticationFailed_v1"));

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=schema]")));
        var schema = page.Find("[data-testid=schema]").TextContent;
        Assert.Contains("https://json-schema.org/draft/2020-12/schema", schema);
        Assert.Contains("failure_reason", schema);
        var example = page.Find("[data-testid=example]").TextContent;
        Assert.Contains(Organization.Id.ToString(), example);
        Assert.Contains("\"event_type\": \"AuthenticationFailed\"", example);
        Assert.Contains("selected", page.Find("tr[data-event-type='AuthenticationFailed_v1']").ClassName);
    }

    [Fact]
    public void Render_UnknownType_SaysSo()
    {
        var page = Render<EventTypes>(parameters => parameters.Add(p => p.Name, "LoginHappened_v9"));

        page.WaitForAssertion(() => Assert.Contains("No event type is named LoginHappened_v9", page.Markup));
    }
}
