using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Webhooks;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine.Scheduling;

/// <summary>Standard-format webhooks (active at once) with scheduling settings, for the scheduler's tests.</summary>
internal static class Endpoints
{
    public const string EventName = "PersonCreated_v1";

    public static async Task<Guid> CreateAsync(
        EngineHost engine, string url, int? maxInFlight = null, int? ratePerSecond = null, DeliveryOrdering ordering = DeliveryOrdering.None)
    {
        var result = await engine.Webhooks.CreateAsync(engine.Organization.Id, new WebhookInput
        {
            Name = url,
            TargetUrl = url,
            Format = WebhookFormat.Standard,
            Channels = null,
            Triggers = [new TriggerInput(TriggerType.Event, EventName)],
        });
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Message)));
        var id = result.Value!.Webhook.Id;
        await using var db = await engine.CreateDbContextAsync();
        await db.Webhooks.Where(w => w.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(w => w.MaxInFlight, maxInFlight)
            .SetProperty(w => w.RateLimitPerSecond, ratePerSecond)
            .SetProperty(w => w.Ordering, ordering));
        return id;
    }

    /// <summary>Publishes <paramref name="count"/> events one after the other; returns their ids in acceptance order.</summary>
    public static async Task<List<string>> PublishAsync(EngineHost engine, int count)
    {
        var ids = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            ids.Add((await engine.Publisher.PublishAsync(new(engine.Organization.Id, EventName, $$"""{"n":{{i}}}"""))).EventId.ToString());
        }

        return ids;
    }

    /// <summary>The event id a standard delivery carries (<c>webhook-id</c>).</summary>
    public static string EventIdOf(ReceivedRequest post) => post.Headers["webhook-id"];
}
