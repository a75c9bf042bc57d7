using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Scheduling;
using WebhookConsole.Engine.Webhooks;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine.Postgres;

/// <summary>The console's list queries (scalar subqueries, case-insensitive search) on a real PostgreSQL server.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresConsoleQueriesTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly ManualTimeProvider time = new();
    private EngineHost engine = null!;
    private TestReceiver receiver = null!;

    public async Task InitializeAsync()
    {
        engine = await EngineHost.StartAsync(time, new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:WebhookConsole"] = await postgres.CreateDatabaseAsync(),
        });
        receiver = await TestReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await receiver.DisposeAsync();
        await engine.DisposeAsync();
    }

    [Fact]
    public async Task WebhookOverview_OnPostgres_SearchesIgnoringCaseAndComputesLastResultAndRate()
    {
        var created = await engine.Webhooks.CreateAsync(engine.Organization.Id, new WebhookInput
        {
            Name = "Token Enricher", TargetUrl = receiver.Url, Format = WebhookFormat.Jwt, Channels = null,
            Triggers = [new TriggerInput(TriggerType.SyncHook, "token_minted")],
        });
        Assert.True(created.Succeeded);
        var now = time.GetUtcNow();
        var eventRow = await engine.AddEventAsync(now);
        await engine.AddDeliveryAsync(created.Value!.Webhook.Id, eventRow.Id, DeliveryStatus.Failed, now.AddHours(-2), now.AddHours(-2), attempts: 3);
        await engine.AddDeliveryAsync(created.Value!.Webhook.Id, eventRow.Id, DeliveryStatus.Succeeded, now.AddHours(-1), now.AddHours(-1), attempts: 1);

        var row = Assert.Single(await engine.Services.GetRequiredService<WebhookOverview>()
            .ListAsync(engine.Organization.Id, new WebhookOverviewFilter("token enr", WebhookStatus.Active, WebhookFormat.Jwt)));

        Assert.Equal(DeliveryStatus.Succeeded, row.LastDelivery!.Status);
        Assert.Equal("50%", row.SuccessRateText);
    }

    [Fact]
    public async Task EndpointViews_OnPostgres_CountTheBacklogAndReadTheCircuitAndTheWaitingReason()
    {
        var created = await engine.Webhooks.CreateAsync(engine.Organization.Id, new WebhookInput
        {
            Name = "Stuck", TargetUrl = receiver.Url, Format = WebhookFormat.Jwt, Channels = ["login"], MaxInFlight = 1, Ordering = DeliveryOrdering.Fifo,
        });
        var id = created.Value!.Webhook.Id;
        var now = time.GetUtcNow();
        var eventRow = await engine.AddEventAsync(now);
        var head = await engine.AddDeliveryAsync(id, eventRow.Id, DeliveryStatus.InFlight, now, leaseExpiresAt: now.AddMinutes(1), sequence: 1);
        var behind = await engine.AddDeliveryAsync(id, eventRow.Id, DeliveryStatus.Pending, now, sequence: 2);
        await engine.AddDeliveryAsync(id, eventRow.Id, DeliveryStatus.Retrying, now, attempts: 1, nextAttemptAt: now.AddMinutes(1), sequence: 3);
        await using (var db = await engine.CreateDbContextAsync())
        {
            db.EndpointStates.Add(new EndpointState { WebhookId = id, Circuit = CircuitState.HalfOpen, CircuitSince = now });
            await db.SaveChangesAsync();
        }

        var backlog = Assert.Single(await engine.Services.GetRequiredService<EndpointBacklog>().BusiestAsync(engine.Organization.Id));
        var overview = Assert.Single(await engine.Services.GetRequiredService<WebhookOverview>().ListAsync(engine.Organization.Id, new()));
        var circuit = await engine.Services.GetRequiredService<CircuitReader>().GetAsync(id);
        var delivery = await engine.Services.GetRequiredService<DeliveryLog>().GetAsync(engine.Organization.Id, behind.Id);
        await using (var db = await engine.CreateDbContextAsync())
        {
            db.EndpointStates.RemoveRange(db.EndpointStates);
            await db.SaveChangesAsync();
        }

        var reason = await engine.Services.GetRequiredService<DeliveryWaitReason>().ExplainAsync(delivery!);

        Assert.Equal((1, 1, 1, CircuitState.HalfOpen), (backlog.Due, backlog.Waiting, backlog.InFlight, backlog.Circuit));
        Assert.Equal(CircuitState.HalfOpen, overview.Circuit);
        Assert.Equal(new EndpointCircuit(CircuitState.HalfOpen, now, null), circuit);
        Assert.Equal($"Waiting: behind delivery {head.Id} at the head of this FIFO endpoint's line", reason);
    }

    [Fact]
    public async Task SyncHookLog_OnPostgres_ListsAndOpensAnInvocation()
    {
        Assert.True((await engine.Webhooks.CreateAsync(engine.Organization.Id, new WebhookInput
        {
            Name = "Hook", TargetUrl = receiver.Url, Format = WebhookFormat.Jwt, Channels = null,
            Triggers = [new TriggerInput(TriggerType.SyncHook, "identify_user")],
        })).Succeeded);
        receiver.PostResponseBody = """{"person":"p1"}""";
        var call = await engine.Services.GetRequiredService<ISyncHookInvoker>().InvokeAsync(engine.Organization.Id, "identify_user", "{}");
        var log = engine.Services.GetRequiredService<SyncHookLog>();

        var listed = Assert.Single(await log.ListAsync(engine.Organization.Id));
        var details = await log.GetAsync(engine.Organization.Id, call.InvocationId);

        Assert.Equal((call.InvocationId, true, 1), (listed.Id, listed.Succeeded, listed.WebhookCount));
        Assert.Equal(200, Assert.Single(Assert.Single(details!.Calls).Attempts).ResponseStatus);
    }
}
