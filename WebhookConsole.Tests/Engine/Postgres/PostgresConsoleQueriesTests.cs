using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;
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
