using Bunit;
using Radzen.Blazor;
using WebhookConsole.Components.Pages;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Privacy;
using WebhookConsole.Hosting;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Components;

/// <summary>Settings → Retention and Erase a person's data, for an admin.</summary>
public sealed class PrivacySectionsTests : ConsoleTestContext
{
    [Fact]
    public async Task Erase_ConfirmedPersonId_ErasesTheEventAndShowsTheReport()
    {
        await Services.GetRequiredService<IEventPublisher>().PublishAsync(new(Organization.Id, "PersonCreated_v1", """{"person_id": "person-7"}"""));
        var dialogs = Render<RadzenDialog>();
        var page = Render<Settings>();
        page.WaitForAssertion(() => page.Find("#erasure-person"));

        page.Find("form[aria-label=\"Erase a person's data\"]").Submit();
        page.WaitForAssertion(() => Assert.Contains("The person_id must not be empty.", page.Find("#erasure-person-error").TextContent));
        page.Find("#erasure-person").Change("person-7");
        page.Find("form[aria-label=\"Erase a person's data\"]").Submit();
        dialogs.WaitForAssertion(() => Assert.Equal("person-7", dialogs.Find("strong").TextContent));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Erase").Click();

        page.WaitForAssertion(() => Assert.StartsWith("Erased 1 events, 0 deliveries", page.Find(".erasure-report").TextContent.Trim()));
        var again = await Services.GetRequiredService<SubjectErasure>().EraseAsync(Organization.Id, ErasureSubject.Create("person-7", null, null, [])!);
        Assert.Equal(0, again.Value!.Events);
    }

    [Fact]
    public async Task Retention_SavedByAnAdmin_IsShownInForce()
    {
        var page = Render<Settings>();
        page.WaitForAssertion(() => page.Find("#retention-bodies"));

        page.Find("#retention-events").Change("90");
        page.Find("#retention-bodies").Change("120");
        page.Find("form[aria-label='Change retention']").Submit();
        page.WaitForAssertion(() => Assert.Contains("must not exceed", page.Find("#retention-bodies-error").TextContent));
        page.Find("#retention-bodies").Change("7");
        page.Find("form[aria-label='Change retention']").Submit();

        page.WaitForAssertion(() => Assert.Contains("7 days", page.Find(".retention-now").TextContent));
        Assert.Contains("90 days", page.Find(".retention-now").TextContent);
        Assert.Equal(TimeSpan.FromDays(7), (await Services.GetRequiredService<RetentionSettings>().GetAsync(Organization.Id))!.Bodies);
    }
}

/// <summary>A viewer sees the retention in force but no form, and no erasure form at all.</summary>
public sealed class PrivacySectionsViewerTests() : ConsoleTestContext(role: OperatorRoles.Viewer)
{
    [Fact]
    public void Settings_Viewer_SeesRetentionReadOnlyAndNoErasureForm()
    {
        var page = Render<Settings>();
        page.WaitForAssertion(() => Assert.Contains("30 days (the hub's default)", page.Find(".retention-now").TextContent));

        Assert.Empty(page.FindAll("form[aria-label='Change retention']"));
        Assert.Empty(page.FindAll("form[aria-label=\"Erase a person's data\"]"));
        Assert.DoesNotContain("Erase a person", page.Markup);
    }
}
