using Bunit;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Components.Pages;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Components;

/// <summary>The delivery page over payloads and bodies stored encrypted: shown in clear, or refused with the reason when one was moved.</summary>
public sealed class EncryptedBodiesTests : ConsoleTestContext, IAsyncLifetime
{
    private const string PayloadMarker = "payload-marker-77c0d4e1";
    private const string ResponseMarker = "response-marker-3a9be250";

    private TestReceiver receiver = null!;

    public async Task InitializeAsync() => receiver = await TestReceiver.StartAsync();

    public new async Task DisposeAsync() => await receiver.DisposeAsync();

    [Fact]
    public async Task Render_DeliveredWithMarkers_ShowsTheRequestAndTheResponseBodiesInClear()
    {
        receiver.PostResponseBody = $$"""{"note": "{{ResponseMarker}}"}""";
        var id = (await DeliverAsync(PayloadMarker)).Single();

        var page = Render<DeliveryDetails>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.Contains(PayloadMarker, page.Find("pre.body-readable").TextContent));
        page.Find("[role=tab]#attempt-1-response-tab").Click();
        Assert.Contains(ResponseMarker, page.Find("[role=tabpanel] pre.body").TextContent);
    }

    // A websub or standard request body is rebuilt from its event, not stored (Signing/RebuiltRequestBody); the response
    // body is stored, encrypted for its row.
    [Fact]
    public async Task Render_ResponseBodyCopiedFromAnotherDeliveryBySql_SaysWhichBodyCannotBeDecryptedAndShowsNoneOfIt()
    {
        receiver.PostResponseBody = $$"""{"note": "{{ResponseMarker}}"}""";
        var ids = await DeliverAsync(PayloadMarker, "another payload");
        await using (var db = await Services.GetRequiredService<IDbContextFactory<WebhookDbContext>>().CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlAsync(
                $"UPDATE attempts SET ResponseBody = (SELECT ResponseBody FROM attempts WHERE DeliveryId = {ids[0]}) WHERE DeliveryId = {ids[1]}");
        }

        var page = Render<DeliveryDetails>(p => p.Add(x => x.Id, ids[1]));

        page.WaitForAssertion(() => Assert.Equal("Delivery cannot be shown", page.Find("h1").TextContent));
        Assert.StartsWith($"The stored response body (attempts.ResponseBody) of delivery {ids[1]}, attempt 1, cannot be decrypted: it was encrypted for another row",
            page.Find(".unreadable").TextContent);
        Assert.DoesNotContain(ResponseMarker, page.Markup);
        Assert.Empty(page.FindAll(".attempt"));
    }

    [Fact]
    public async Task Render_SyncResultCopiedFromAnotherCallBySql_TheCallAndTheListSayWhichResultCannotBeDecrypted()
    {
        var hooks = Services.GetRequiredService<ISyncHookInvoker>();
        var first = await hooks.InvokeAsync(Organization.Id, "token_minted", $$"""{"person_id": "{{PayloadMarker}}"}""");
        var second = await hooks.InvokeAsync(Organization.Id, "token_minted", "{}");
        await using (var db = await Services.GetRequiredService<IDbContextFactory<WebhookDbContext>>().CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlAsync(
                $"UPDATE events SET SyncResult = (SELECT SyncResult FROM events WHERE Id = {first.InvocationId}) WHERE Id = {second.InvocationId}");
        }

        var call = Render<SyncHookDetails>(p => p.Add(x => x.Id, second.InvocationId));
        var list = Render<SyncHooks>();

        var reason = $"The stored result (events.SyncResult) of sync hook call {second.InvocationId} cannot be decrypted";
        call.WaitForAssertion(() => Assert.Equal("Sync hook call cannot be shown", call.Find("h1").TextContent));
        Assert.StartsWith(reason, call.Find(".unreadable").TextContent);
        list.WaitForAssertion(() => Assert.StartsWith(reason, list.Find(".unreadable").TextContent));
    }

    // Delivers one event per payload to a standard webhook on the receiver; returns the deliveries' ids in that order.
    private async Task<Guid[]> DeliverAsync(params string[] markers)
    {
        var webhook = await Webhooks.CreateAsync(Organization.Id, new() { Name = "Test webhook", TargetUrl = receiver.Url, Format = WebhookFormat.Standard, Channels = ["login"] });
        await Webhooks.SetActiveAsync(Organization.Id, webhook.Value!.Webhook.Id, true);
        var events = new List<Guid>();
        foreach (var marker in markers)
        {
            events.Add((await Services.GetRequiredService<IEventPublisher>().PublishAsync(new(Organization.Id, "AuthenticationSucceeded_v1", $$"""{"person_id": "{{marker}}"}"""))).EventId);
        }

        Assert.Equal(markers.Length, await Services.GetRequiredService<DeliveryDispatcher>().DispatchBatchAsync(CancellationToken.None));
        var deliveries = await Services.GetRequiredService<DeliveryLog>().ListAsync(Organization.Id);
        return [.. events.Select(e => deliveries.Single(d => d.EventId == e).Id)];
    }
}
