using Bunit;
using Microsoft.AspNetCore.Components;
using WebhookConsole.Components.Layout;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Components.Defects;

/// <summary>Issue 10, defect 5: exactly one sidebar link is the current page, and it is the page's section.</summary>
public sealed class NavigationTests : ConsoleTestContext
{
    [Theory]
    [InlineData("", "Webhooks")]
    [InlineData("webhooks/0b7c4a5e-3f7d-4f49-9a39-111111111111", "Webhooks")]
    [InlineData("deliveries?status=failed", "Deliveries")]
    [InlineData("deliveries/0b7c4a5e-3f7d-4f49-9a39-111111111111", "Deliveries")]
    [InlineData("sync-hooks/0b7c4a5e-3f7d-4f49-9a39-111111111111", "Sync hooks")]
    [InlineData("event-types/AuthenticationSucceeded_v1", "Event types")]
    [InlineData("jobs", "Jobs")]
    [InlineData("signing-keys", "Signing keys")]
    [InlineData("settings", "Settings")]
    [InlineData("audit", "Audit log")]
    public void Render_OnAPage_OnlyItsSectionIsCurrent(string path, string section)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(path);

        var menu = Render<NavMenu>();

        var current = menu.FindAll("a[aria-current=page]");
        Assert.Equal(section, Assert.Single(current).QuerySelectorAll("span")[1].TextContent);
        Assert.Contains("active", current[0].ClassName);
    }

    [Fact]
    public void Navigate_ToAnotherSection_MovesTheCurrentLink()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        var menu = Render<NavMenu>();
        Assert.Equal("", menu.Find("a[aria-current=page]").GetAttribute("href"));

        navigation.NavigateTo("jobs");

        menu.WaitForAssertion(() => Assert.Equal("jobs", menu.Find("a[aria-current=page]").GetAttribute("href")));
    }
}
