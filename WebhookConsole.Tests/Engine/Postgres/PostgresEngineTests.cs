using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Engine.Webhooks;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine.Postgres;

/// <summary>The engine on a real PostgreSQL server: migrations, the SKIP LOCKED claim, several dispatchers, NOTIFY.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresEngineTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly ManualTimeProvider time = new();
    private readonly List<EngineHost> engines = [];
    private Dictionary<string, string?> settings = null!;
    private TestReceiver receiver = null!;

    public async Task InitializeAsync()
    {
        settings = new()
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:WebhookConsole"] = await postgres.CreateDatabaseAsync(),
            // Every node shares the master key: what one encrypts, another must decrypt.
            ["DataProtection:MasterKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        };
        receiver = await TestReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var engine in engines)
        {
            await engine.DisposeAsync();
        }

        await receiver.DisposeAsync();
    }

    [Fact]
    public async Task Deliver_OnPostgres_SignsSendsRetriesAndRecordsLikeOnSqlite()
    {
        var engine = await StartAsync();
        var created = await engine.CreateActiveWebhookAsync(receiver.Url, "login");
        receiver.Secret = created.Secret;
        receiver.PostStatuses.Enqueue(500);

        var published = await engine.Publisher.PublishAsync(new(engine.Organization.Id, "AuthenticationSucceeded_v1", "{}"));
        await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(1));
        await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None);

        Assert.True((await receiver.NextPostAsync()).SignatureValid);
        Assert.True((await receiver.NextPostAsync()).SignatureValid);
        var log = engine.Services.GetRequiredService<DeliveryLog>();
        var delivery = (await log.GetAsync(engine.Organization.Id, (await log.ListAsync(engine.Organization.Id))[0].Id))!;
        Assert.Equal(published.EventId, delivery.EventId);
        Assert.Equal(DeliveryStatus.Succeeded, delivery.Status);
        Assert.Equal([500, 200], delivery.Attempts.Select(a => a.ResponseStatus ?? 0));
    }

    [Fact]
    public async Task Dispatch_TwoEnginesOnOneDatabase_ShareTheWorkAndNeverSendADeliveryTwice()
    {
        var first = await StartAsync();
        var second = await StartAsync(first.Organization);
        await CreateStandardWebhookAsync(first);
        const int Events = 2_000;
        foreach (var chunk in Enumerable.Range(0, Events).Chunk(500))
        {
            await first.Publisher.PublishManyAsync([.. chunk.Select(_ => new EventToPublish(first.Organization.Id, "PersonCreated_v1", "{}"))]);
        }

        var claimed = await Task.WhenAll(DrainAsync(first), DrainAsync(second));

        Assert.Equal(Events, claimed.Sum());
        Assert.All(claimed, c => Assert.True(c > 0, "each engine took part of the work"));
        var received = receiver.AllPosts.GroupBy(p => p.Headers["webhook-id"]).ToList();
        Assert.Equal(Events, received.Count);
        Assert.All(received, g => Assert.Single(g));
        await using var db = await first.CreateDbContextAsync();
        Assert.Equal(Events, await db.Deliveries.CountAsync(d => d.Status == DeliveryStatus.Succeeded));
    }

    [Fact]
    public async Task Publish_OnOneEngine_WakesTheDispatchersOfAnotherThroughNotify()
    {
        var first = await StartAsync();
        var second = await StartAsync(first.Organization);
        await CreateStandardWebhookAsync(first);
        var listener = second.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<PostgresDispatchListener>().Single();
        await listener.StartAsync(CancellationToken.None);
        var signal = second.Services.GetRequiredService<DispatchSignal>();
        await listener.Listening.WaitAsync(TimeSpan.FromSeconds(30));

        var woken = signal.WaitAsync(TimeSpan.FromMinutes(5), TimeProvider.System, CancellationToken.None);
        await first.Publisher.PublishAsync(new(first.Organization.Id, "PersonCreated_v1", "{}"));

        // Bounded by the test's own timeout: without NOTIFY, the wait would last its full five minutes.
        await woken.WaitAsync(TimeSpan.FromSeconds(30));
        await listener.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Maintenance_OnPostgres_RunsOnQuartzsClusteredStoreAndTriggerNowRuns()
    {
        var engine = await StartAsync();
        var quartz = engine.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<Quartz.QuartzHostedService>().Single();
        await quartz.StartAsync(CancellationToken.None);
        ((Microsoft.Extensions.Hosting.Internal.ApplicationLifetime)engine.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>()).NotifyStarted();
        var jobs = engine.Services.GetRequiredService<WebhookConsole.Engine.Maintenance.MaintenanceJobs>();
        var scheduler = await engine.Services.GetRequiredService<Quartz.ISchedulerFactory>().GetScheduler();
        var executed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        scheduler.ListenerManager.AddJobListener(new CompletionListener(executed));
        try
        {
            Assert.True(await jobs.TriggerNowAsync("ExpiredLeaseReaper"));
            await executed.Task.WaitAsync(TimeSpan.FromSeconds(60));

            var metadata = await scheduler.GetMetadata();
            Assert.True(metadata.JobStoreClustered);
            Assert.True(Assert.Single(await jobs.RecentRunsAsync("ExpiredLeaseReaper")).Succeeded);
        }
        finally
        {
            await quartz.StopAsync(CancellationToken.None);
        }
    }

    private sealed class CompletionListener(TaskCompletionSource executed) : Quartz.IJobListener
    {
        public string Name => nameof(CompletionListener);

        public ValueTask JobToBeExecuted(Quartz.IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask JobExecutionVetoed(Quartz.IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask JobWasExecuted(Quartz.IJobExecutionContext context, Quartz.JobExecutionException? jobException, CancellationToken cancellationToken = default)
        {
            executed.TrySetResult();
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task Publish_SameIdempotencyKeyFrom16CallersOnTwoNodes_StoresOneEventAndOneDelivery()
    {
        var first = await StartAsync();
        var second = await StartAsync(first.Organization);
        await CreateStandardWebhookAsync(first);

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => (i % 2 == 0 ? first : second).Publisher.PublishAsync(
            new EventToPublish(first.Organization.Id, "PersonCreated_v1", """{"person_id":"p1"}""", IdempotencyKey: "person-p1-created"))));
        var batch = await second.Publisher.PublishManyAsync(
            [new(first.Organization.Id, "PersonCreated_v1", "{}", IdempotencyKey: "person-p1-created"), new(first.Organization.Id, "PersonCreated_v1", "{}", IdempotencyKey: "other")]);

        Assert.Single(results.Select(r => r.EventId).Distinct());
        Assert.Equal(15, results.Count(r => r.Duplicate));
        Assert.Equal((results[0].EventId, true), (batch[0].EventId, batch[0].Duplicate));
        Assert.False(batch[1].Duplicate);
        await using var db = await first.CreateDbContextAsync();
        Assert.Equal(2, await db.Events.CountAsync());
        Assert.Equal(2, await db.Deliveries.CountAsync());
        Assert.Equal(2, await db.IdempotencyKeys.CountAsync());
    }

    [Fact]
    public async Task RetentionPurge_IdempotencyKeysPastTheWindow_DeletesOnlyThoseOnPostgres()
    {
        var engine = await StartAsync();
        await engine.Publisher.PublishAsync(new(engine.Organization.Id, "PersonCreated_v1", "{}", IdempotencyKey: "old"));
        time.Advance(TimeSpan.FromHours(25));
        var fresh = await engine.Publisher.PublishAsync(new(engine.Organization.Id, "PersonCreated_v1", "{}", IdempotencyKey: "fresh"));

        var result = await engine.Services.GetRequiredService<WebhookConsole.Engine.Maintenance.RetentionPurge>().PurgeAsync(CancellationToken.None);

        Assert.Equal(1, result.IdempotencyKeys);
        await using var db = await engine.CreateDbContextAsync();
        var kept = Assert.Single(await db.IdempotencyKeys.ToListAsync());
        Assert.Equal(("fresh", fresh.EventId), (kept.Key, kept.EventId));
    }

    [Fact]
    public async Task EraseAsync_OnPostgres_FindsThePipelinedEventsSubjectsAndErasesThem()
    {
        var engine = await StartAsync();
        await engine.CreateActiveWebhookAsync(receiver.Url, "login");
        var published = await engine.Publisher.PublishManyAsync([
            new(engine.Organization.Id, "AuthenticationSucceeded_v1", """{"person_id": "pg-person", "claims": {"email": "pg@example.org"}}"""),
            new(engine.Organization.Id, "AuthenticationSucceeded_v1", """{"person_id": "someone-else"}"""),
        ]);

        var report = await engine.Services.GetRequiredService<WebhookConsole.Engine.Privacy.SubjectErasure>()
            .EraseAsync(engine.Organization.Id, WebhookConsole.Engine.Privacy.ErasureSubject.Create(null, "$.claims.email", "pg@example.org", [])!);

        Assert.Equal((1, 1, 1), (report.Value!.Events, report.Value.Deliveries, report.Value.Cancelled));
        await using var db = await engine.CreateDbContextAsync();
        Assert.Equal("{}", (await db.Events.SingleAsync(e => e.Id == published[0].EventId)).Payload);
        Assert.Equal(DeliveryStatus.Cancelled, (await db.Deliveries.SingleAsync(d => d.EventId == published[0].EventId)).Status);
        Assert.Equal(published[1].EventId, (await db.EventSubjects.SingleAsync()).EventId);
    }

    private async Task<EngineHost> StartAsync(Organization? organization = null)
    {
        var engine = await EngineHost.StartAsync(time, settings, organization);
        engines.Add(engine);
        return engine;
    }

    private async Task CreateStandardWebhookAsync(EngineHost engine)
    {
        var result = await engine.Webhooks.CreateAsync(engine.Organization.Id, new WebhookInput
        {
            Name = "standard",
            TargetUrl = receiver.Url,
            Format = WebhookFormat.Standard,
            Channels = null,
            Triggers = [new TriggerInput(TriggerType.Event, "PersonCreated_v1")],
        });
        Assert.True(result.Succeeded);
    }

    private static async Task<int> DrainAsync(EngineHost engine)
    {
        var total = 0;
        int claimed;
        while ((claimed = await engine.Dispatcher.DispatchBatchAsync(CancellationToken.None)) > 0)
        {
            total += claimed;
        }

        return total;
    }
}
