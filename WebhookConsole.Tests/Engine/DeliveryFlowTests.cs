using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine;

public sealed class DeliveryFlowTests() : EngineWithReceiver(new ManualTimeProvider())
{
    [Fact]
    public async Task Publish_ActiveSubscribedWebhook_DeliversSignedSetAndRecordsTheAttempt()
    {
        var created = await Engine.CreateActiveWebhookAsync(Receiver.Url, "login");
        Receiver.Secret = created.Secret;

        var published = await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "AuthenticationSucceeded_v1", """{"user":{"id":"u1"}}"""));
        var claimed = await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);

        Assert.True(published.Accepted);
        Assert.Equal(1, published.DeliveryCount);
        Assert.Equal(1, claimed);
        var post = await Receiver.NextPostAsync();
        Assert.True(post.SignatureValid);
        Assert.Equal("application/json", post.Headers["Content-Type"]);
        Assert.StartsWith("WebhookConsole/", post.Headers["User-Agent"]);
        using var body = JsonDocument.Parse(post.Body);
        Assert.Equal(published.EventId.ToString(), body.RootElement.GetProperty("rci").GetString());
        Assert.Equal("u1", body.RootElement.GetProperty("events")
            .GetProperty("https://schemas.identity.wso2.org/events/login/event-type/loginSuccess").GetProperty("user").GetProperty("id").GetString());

        var summary = Assert.Single(await Engine.Services.GetRequiredService<DeliveryLog>().ListAsync(Engine.Organization.Id));
        Assert.Equal(DeliveryStatus.Succeeded, summary.Status);
        Assert.Equal(200, summary.LastResponseStatus);
        var delivery = (await Engine.Services.GetRequiredService<DeliveryLog>().GetAsync(Engine.Organization.Id, summary.Id))!;
        var attempt = Assert.Single(delivery.Attempts);
        Assert.Equal(post.BodyText, attempt.RequestBody);
        Assert.Contains(post.Headers["x-hub-signature"], attempt.RequestHeaders);
        Assert.Equal("received", attempt.ResponseBody);
    }

    [Fact]
    public async Task Dispatch_ReceiverFailsTwice_RetriesOnScheduleAndSucceedsOnTheThirdAttempt()
    {
        var created = await Engine.CreateActiveWebhookAsync(Receiver.Url, "login");
        Receiver.Secret = created.Secret;
        Receiver.PostStatuses.Enqueue(500);
        Receiver.PostStatuses.Enqueue(503);
        await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "AuthenticationFailed_v1", "{}"));

        Assert.Equal(1, await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None));
        Assert.Equal(0, await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None));
        Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None));
        Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None));
        Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None));

        var posts = new[] { await Receiver.NextPostAsync(), await Receiver.NextPostAsync(), await Receiver.NextPostAsync() };
        Assert.All(posts, p => Assert.True(p.SignatureValid));
        Assert.Single(posts.Select(p => JsonDocument.Parse(p.Body).RootElement.GetProperty("jti").GetString()).Distinct());
        var log = Engine.Services.GetRequiredService<DeliveryLog>();
        var delivery = (await log.GetAsync(Engine.Organization.Id, (await log.ListAsync(Engine.Organization.Id))[0].Id))!;
        Assert.Equal(DeliveryStatus.Succeeded, delivery.Status);
        Assert.Equal([500, 503, 200], delivery.Attempts.Select(a => a.ResponseStatus ?? 0));
        Assert.Equal(AttemptError.NonSuccessStatus, delivery.Attempts[0].Error);
    }

    [Fact]
    public async Task Dispatch_ReceiverRedirects_IsAFailedAttemptAndTheRedirectIsNotFollowed()
    {
        await Engine.CreateActiveWebhookAsync(Receiver.Url, "login");
        Receiver.PostStatuses.Enqueue(307);
        await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));

        await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);

        await Receiver.NextPostAsync();
        Assert.Single(Receiver.AllPosts);
        var summary = Assert.Single(await Engine.Services.GetRequiredService<DeliveryLog>().ListAsync(Engine.Organization.Id));
        Assert.Equal(DeliveryStatus.Retrying, summary.Status);
        Assert.Equal(307, summary.LastResponseStatus);
        Assert.Contains("redirects are not followed", summary.LastError);
    }

    [Fact]
    public async Task Dispatch_ConnectionRefused_RecordsAConnectionError()
    {
        await Engine.CreateActiveWebhookAsync(Receiver.Url, "login");
        await Receiver.DisposeAsync();
        await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));

        await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);

        var log = Engine.Services.GetRequiredService<DeliveryLog>();
        var delivery = (await log.GetAsync(Engine.Organization.Id, (await log.ListAsync(Engine.Organization.Id))[0].Id))!;
        Assert.Equal(DeliveryStatus.Retrying, delivery.Status);
        Assert.Equal(AttemptError.Connection, Assert.Single(delivery.Attempts).Error);
        Receiver = await TestReceiver.StartAsync();
    }

    [Fact]
    public async Task Dispatch_AfterGiveUpTime_MarksTheDeliveryFailed()
    {
        await Engine.CreateActiveWebhookAsync(Receiver.Url, "login");
        for (var i = 0; i < 10; i++)
        {
            Receiver.PostStatuses.Enqueue(500);
        }

        await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));
        var attempts = 0;
        for (var minute = 0; minute <= 30; minute++)
        {
            attempts += await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);
            Time.Advance(TimeSpan.FromMinutes(1));
        }

        var summary = Assert.Single(await Engine.Services.GetRequiredService<DeliveryLog>().ListAsync(Engine.Organization.Id));
        Assert.Equal(6, attempts);
        Assert.Equal(DeliveryStatus.Failed, summary.Status);
        Assert.Equal(6, summary.AttemptCount);
    }

    [Fact]
    public async Task Claim_LeaseOfACrashedDispatcherRunsOut_RowIsClaimedAgain()
    {
        await Engine.CreateActiveWebhookAsync(Receiver.Url, "login");
        await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));
        
        var crashed = await Engine.Services.ClaimAsync("crashed-node", 10, TimeSpan.FromSeconds(50));
        var whileLeased = await Engine.Services.ClaimAsync("other-node", 10, TimeSpan.FromSeconds(50));
        Time.Advance(TimeSpan.FromSeconds(51));
        var afterLease = await Engine.Services.ClaimAsync("other-node", 10, TimeSpan.FromSeconds(50));

        Assert.Single(crashed);
        Assert.Empty(whileLeased);
        Assert.Equal(crashed, afterLease);
    }

    [Fact]
    public async Task Restart_ProcessDiedWithABatchClaimed_EveryEventIsStillDeliveredOnce()
    {
        var created = await Engine.CreateActiveWebhookAsync(Receiver.Url, "login");
        Receiver.Secret = created.Secret;
        var published = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            published.Add((await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"))).EventId);
        }

        // The old process claimed half the queue and died before sending any of it.
        var leased = await Engine.Services.ClaimAsync("killed-process", 10, TimeSpan.FromSeconds(50));
        await Engine.RestartAsync();
        var beforeLeaseEnds = await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);
        Time.Advance(TimeSpan.FromSeconds(51));
        var afterLeaseEnds = await Engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);

        Assert.Equal(10, leased.Count);
        Assert.Equal(10, beforeLeaseEnds);
        Assert.Equal(10, afterLeaseEnds);
        var received = new List<string?>();
        for (var i = 0; i < 20; i++)
        {
            var post = await Receiver.NextPostAsync();
            Assert.True(post.SignatureValid);
            received.Add(JsonDocument.Parse(post.Body).RootElement.GetProperty("rci").GetString());
        }

        Assert.Equal(published.Select(id => id.ToString()).Order(), received.Order());
        Assert.All(await Engine.Services.GetRequiredService<DeliveryLog>().ListAsync(Engine.Organization.Id), d => Assert.Equal(DeliveryStatus.Succeeded, d.Status));
    }

    [Fact]
    public async Task Publish_UnknownEventName_StoresNothing()
    {
        await Engine.CreateActiveWebhookAsync(Receiver.Url, "login");

        var result = await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "LoginHappened_v9", "{}"));

        Assert.False(result.Accepted);
        Assert.Equal("event_name", Assert.Single(result.Errors).Field);
        await using var db = await Engine.CreateDbContextAsync();
        Assert.Equal(0, await db.Events.CountAsync());
        Assert.Equal(0, await db.Deliveries.CountAsync());
    }

    [Fact]
    public async Task Publish_WebhookNotSubscribedToTheEvent_CreatesNoDelivery()
    {
        await Engine.CreateActiveWebhookAsync(Receiver.Url, "registration");

        var result = await Engine.Publisher.PublishAsync(new(Engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));

        Assert.True(result.Accepted);
        Assert.Equal(0, result.DeliveryCount);
    }
}
