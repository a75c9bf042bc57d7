using Bunit;
using Radzen;
using WebhookConsole.Components.Layout;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Components;

/// <summary>The header's light/dark switch: its accessible state, the theme it sets and the cookie it asks the browser to keep.</summary>
public sealed class ThemeToggleTests : ConsoleTestContext
{
    [Fact]
    public void Click_LightTheme_SwitchesToDarkAndSavesTheChoice()
    {
        var themes = Services.GetRequiredService<ThemeService>();
        themes.SetTheme(ThemeToggle.Light);
        var save = JSInterop.SetupVoid("webhookConsole.saveTheme", _ => true);
        save.SetVoidResult();
        var toggle = Render<ThemeToggle>();
        Assert.Equal("false", toggle.Find("button[aria-label='Dark theme']").GetAttribute("aria-pressed"));

        toggle.Find("button[aria-label='Dark theme']").Click();

        toggle.WaitForAssertion(() => Assert.Equal("true", toggle.Find("button[aria-label='Dark theme']").GetAttribute("aria-pressed")));
        Assert.Equal(ThemeToggle.Dark, themes.Theme);
        Assert.Equal(ThemeToggle.Dark, Assert.Single(save.Invocations).Arguments[0]);
    }

    [Theory]
    [InlineData(null, "material")]
    [InlineData("material-dark", "material-dark")]
    [InlineData("<script>", "material")]
    public void FromCookie_AnyValue_GivesAKnownTheme(string? cookie, string expected) =>
        Assert.Equal(expected, ThemeToggle.FromCookie(cookie));
}
