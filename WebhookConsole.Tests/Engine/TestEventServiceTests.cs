using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Webhooks;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine;

public sealed class TestEventServiceTests() : EngineWithReceiver()
{
    private TestEventService TestEvents => Engine.Services.GetRequiredService<TestEventService>();

    [Fact]
    public async Task Create_Duplicates_DeliversEachEventTwiceWithTheSameEventId()
    {
        await Engine.CreateActiveWebhookAsync(Receiver.Url, "login");

        var result = await TestEvents.CreateAsync(Engine.Organization.Id, [new TestEventRequest("AuthenticationFailed_v1", 2, Duplicates: true)]);

        Assert.True(result.Succeeded);
        Assert.Equal(2, result.Value!.Count);
        Assert.All(result.Value, e => Assert.True(e.GetProperty("event_metadata").GetProperty("is_test_event").GetBoolean()));
        Assert.All(result.Value, e => Assert.Equal("AuthenticationFailed_v1", e.GetProperty("event_metadata").GetProperty("event_name").GetString()));
        Assert.All(result.Value, e => Assert.True(e.TryGetProperty("failure_reason", out _)));
        await using var db = await Engine.CreateDbContextAsync();
        var events = await db.Events.ToListAsync();
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.True(e.IsTestEvent));
        Assert.Equal(
            result.Value.Select(e => e.GetProperty("event_metadata").GetProperty("event_id").GetString()).Order(),
            events.Select(e => e.Id.ToString()).Order());
        Assert.Equal(4, await db.Deliveries.CountAsync());
        Assert.All(await db.Deliveries.GroupBy(d => d.EventId).Select(g => g.Count()).ToListAsync(), n => Assert.Equal(2, n));
    }

    [Theory]
    [InlineData("Nope_v1", 1, "event_name", "not a known event trigger")]
    [InlineData("AuthenticationFailed_v1", 0, "count", "at least 1")]
    [InlineData("AuthenticationFailed_v1", 51, "count", "At most 50")]
    public async Task Create_BadRequest_NamesTheFieldAndStoresNothing(string name, int count, string field, string message)
    {
        var result = await TestEvents.CreateAsync(Engine.Organization.Id, [new TestEventRequest("PersonCreated_v1"), new TestEventRequest(name, count)]);

        Assert.False(result.Succeeded);
        Assert.Equal(field, result.Errors[0].Field);
        Assert.Contains(message, result.Errors[0].Message);
        await using var db = await Engine.CreateDbContextAsync();
        Assert.Equal(0, await db.Events.CountAsync());
    }
}
