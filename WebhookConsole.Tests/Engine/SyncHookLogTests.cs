using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Webhooks;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine;

/// <summary>The sync hook log: invocations newest first with their outcome, and one invocation's calls and attempts.</summary>
public sealed class SyncHookLogTests : IAsyncLifetime
{
    private EngineHost engine = null!;
    private TestReceiver receiver = null!;

    private ISyncHookInvoker Hooks => engine.Services.GetRequiredService<ISyncHookInvoker>();

    private SyncHookLog Log => engine.Services.GetRequiredService<SyncHookLog>();

    public async Task InitializeAsync()
    {
        engine = await EngineHost.StartAsync();
        receiver = await TestReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await receiver.DisposeAsync();
        await engine.DisposeAsync();
    }

    [Fact]
    public async Task ListAsync_NoInvocations_ReturnsEmptyEvenWithEvents()
    {
        await engine.AddEventAsync(DateTimeOffset.UtcNow);

        Assert.Empty(await Log.ListAsync(engine.Organization.Id));
    }

    [Fact]
    public async Task ListAsync_SucceededAndFailedCalls_NewestFirstWithOutcomeResultAndWebhookCount()
    {
        await SubscribeAsync("token_minted");
        receiver.PostResponseBody = """{"roles":["admin"]}""";
        var succeeded = await Hooks.InvokeAsync(engine.Organization.Id, "token_minted", "{}");
        for (var i = 0; i < 3; i++)
        {
            receiver.PostStatuses.Enqueue(500);
        }

        var failed = await Hooks.InvokeAsync(engine.Organization.Id, "token_minted", "{}");

        var list = await Log.ListAsync(engine.Organization.Id);
        Assert.Equal([failed.InvocationId, succeeded.InvocationId], list.Select(i => i.Id));
        Assert.False(list[0].Succeeded);
        Assert.Contains("failed after 3 attempts", list[0].Result);
        Assert.True(list[1].Succeeded);
        Assert.Equal("""{"roles":["admin"]}""", list[1].Result);
        Assert.All(list, i => Assert.Equal(("token_minted", 1), (i.HookName, i.WebhookCount)));
        Assert.Empty(await Log.ListAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task GetAsync_CallRetriedOnce_ReturnsEachWebhooksDeliveryWithItsAttempts()
    {
        await SubscribeAsync("identify_user");
        receiver.PostResponseBody = """{"person":"p1"}""";
        receiver.PostStatuses.Enqueue(503);
        var result = await Hooks.InvokeAsync(engine.Organization.Id, "identify_user", "{}");

        var details = await Log.GetAsync(engine.Organization.Id, result.InvocationId);

        Assert.NotNull(details);
        Assert.True(details.Invocation.Succeeded);
        var call = Assert.Single(details.Calls);
        Assert.Equal(DeliveryStatus.Succeeded, call.Status);
        Assert.Equal("Sync webhook", call.Webhook!.Name);
        Assert.Equal([(1, (int?)503), (2, 200)], call.Attempts.Select(a => (a.Number, a.ResponseStatus)));
        Assert.Null(await Log.GetAsync(Guid.NewGuid(), result.InvocationId));
        Assert.Null(await Log.GetAsync(engine.Organization.Id, Guid.NewGuid()));
    }

    private async Task SubscribeAsync(string hook)
    {
        var created = await engine.Webhooks.CreateAsync(engine.Organization.Id, new WebhookInput
        {
            Name = "Sync webhook",
            TargetUrl = receiver.Url,
            Format = WebhookFormat.Jwt,
            Channels = null,
            Triggers = [new TriggerInput(TriggerType.SyncHook, hook)],
        });
        Assert.True(created.Succeeded);
    }
}
