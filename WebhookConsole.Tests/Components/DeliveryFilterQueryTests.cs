using WebhookConsole.Components.ViewModels;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Tests.Components;

/// <summary>The deliveries filters as URL query values: what a shared link carries.</summary>
public sealed class DeliveryFilterQueryTests
{
    [Fact]
    public void Parse_ToQueryOutput_GivesTheSameFilter()
    {
        var query = new DeliveryFilterQuery(Guid.NewGuid(), DeliveryStatus.InFlight, "PersonCreated_v1",
            new DateTime(2026, 11, 21, 10, 30, 0, DateTimeKind.Utc), new DateTime(2026, 11, 21, 11, 0, 0, DateTimeKind.Utc), TestEventsOnly: true);
        var values = query.ToQuery();

        var parsed = DeliveryFilterQuery.Parse((string?)values["webhook"], (string?)values["status"], (string?)values["event"],
            (string?)values["since"], (string?)values["until"], (string?)values["test"]);

        Assert.Equal(query, parsed);
        Assert.Equal("in_flight", values["status"]);
        Assert.Equal("2026-11-21T10:30Z", values["since"]);
    }

    [Fact]
    public void Parse_MalformedValues_AreIgnored()
    {
        var parsed = DeliveryFilterQuery.Parse("not-a-guid", "exploded", " ", "yesterday", "25:99", "maybe");

        Assert.True(parsed.IsEmpty);
    }

    [Fact]
    public void ToFilter_SinceAndUntil_AreUtcBounds()
    {
        var filter = new DeliveryFilterQuery(Since: DeliveryFilterQuery.ParseTime("2026-11-21T10:30")).ToFilter();

        Assert.Equal(new DateTimeOffset(2026, 11, 21, 10, 30, 0, TimeSpan.Zero), filter.Since);
        Assert.Null(filter.Until);
        Assert.False(filter.TestEventsOnly);
    }
}
