using Bunit;
using WebhookConsole.Components.Controls;
using WebhookConsole.Components.ViewModels;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Components;

/// <summary>The one way the console shows a time: UTC, ISO order, 24 hours, the zone written out.</summary>
public sealed class UtcTimeTests : ConsoleTestContext
{
    [Fact]
    public void Render_TimeWithAnOffset_ShowsItInUtcIn24Hours()
    {
        var time = new DateTimeOffset(2026, 12, 2, 20, 45, 12, 345, TimeSpan.FromHours(2));

        var shown = Render<UtcTime>(p => p.Add(x => x.Value, time));

        Assert.Equal("2026-12-02 18:45:12 UTC", shown.Find("time").TextContent);
        Assert.Equal("2026-12-02T18:45:12.345Z", shown.Find("time").GetAttribute("datetime"));
    }

    [Fact]
    public void Render_NoTime_ShowsADash()
    {
        var shown = Render<UtcTime>(p => p.Add(x => x.Value, null));

        Assert.Equal("—", shown.Find(".utc-time").TextContent);
    }

    [Theory]
    [InlineData(UtcPrecision.Minute, "2026-01-05 07:03 UTC")]
    [InlineData(UtcPrecision.Second, "2026-01-05 07:03:09 UTC")]
    [InlineData(UtcPrecision.Millisecond, "2026-01-05 07:03:09.004 UTC")]
    public void Format_EachPrecision_KeepsIsoOrderAndTheZone(UtcPrecision precision, string expected) =>
        Assert.Equal(expected, UtcText.Format(new DateTimeOffset(2026, 1, 5, 7, 3, 9, 4, TimeSpan.Zero), precision));
}
