using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Webhooks;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine;

public sealed class SyncHookTests : IAsyncLifetime
{
    private EngineHost engine = null!;
    private TestReceiver first = null!;
    private TestReceiver second = null!;

    private ISyncHookInvoker Hooks => engine.Services.GetRequiredService<ISyncHookInvoker>();

    public async Task InitializeAsync()
    {
        engine = await EngineHost.StartAsync();
        first = await TestReceiver.StartAsync();
        second = await TestReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await first.DisposeAsync();
        await second.DisposeAsync();
        await engine.DisposeAsync();
    }

    [Fact]
    public async Task Invoke_TwoSubscribedWebhooks_CallsBothWithJwtsAndMergesTheirAnswers()
    {
        await SubscribeAsync(first, "token_minted");
        await SubscribeAsync(second, "token_minted");
        first.PostResponseBody = """{"roles":["admin"]}""";
        second.PostResponseBody = """{"tenant":"acme","roles":["admin"]}""";

        var result = await Hooks.InvokeAsync(engine.Organization.Id, "token_minted", """{"person_id":"p1"}""");

        Assert.Equal(SyncHookOutcome.Succeeded, result.Outcome);
        Assert.Equal("""{"roles":["admin"],"tenant":"acme"}""", result.Result!.ToJsonString());
        var token = new JsonWebToken((await first.NextPostAsync()).BodyText);
        Assert.Equal("sync_hook", token.GetClaim("trigger_type").Value);
        Assert.Equal("token_minted", token.GetClaim("trigger_name").Value);
        Assert.Equal("p1", token.GetPayloadValue<JsonElement>("trigger_content").GetProperty("person_id").GetString());
        await using var db = await engine.CreateDbContextAsync();
        var invocation = await db.Events.SingleAsync(e => e.TriggerType == TriggerType.SyncHook);
        Assert.Equal(result.Result.ToJsonString(), invocation.SyncResult);
        Assert.Equal(2, await db.Deliveries.CountAsync(d => d.EventId == invocation.Id && d.Status == DeliveryStatus.Succeeded));
    }

    [Fact]
    public async Task Invoke_WebhookFailsEveryTime_TriesThreeTimesAtLeast100msApartAndFails()
    {
        await SubscribeAsync(first, "token_minted");
        for (var i = 0; i < 3; i++)
        {
            first.PostStatuses.Enqueue(500);
        }

        var result = await Hooks.InvokeAsync(engine.Organization.Id, "token_minted", "{}");

        Assert.Equal(SyncHookOutcome.Failed, result.Outcome);
        Assert.Contains("failed after 3 attempts", Assert.Single(result.Errors).Message);
        await using var db = await engine.CreateDbContextAsync();
        var attempts = await db.Attempts.OrderBy(a => a.Number).ToListAsync();
        Assert.Equal([1, 2, 3], attempts.Select(a => a.Number));
        Assert.All(attempts.Zip(attempts.Skip(1)), pair =>
            Assert.True(pair.Second.StartedAt - pair.First.StartedAt >= TimeSpan.FromMilliseconds(100) - TimeSpan.FromMilliseconds(2)));
        Assert.Equal(DeliveryStatus.Failed, (await db.Deliveries.SingleAsync()).Status);
    }

    [Fact]
    public async Task Invoke_WebhookFailsTwiceThenAnswers_Succeeds()
    {
        await SubscribeAsync(first, "identify_user");
        first.PostStatuses.Enqueue(503);
        first.PostStatuses.Enqueue(500);
        first.PostResponseBody = """{"person_id":"p9"}""";

        var result = await Hooks.InvokeAsync(engine.Organization.Id, "identify_user", "{}");

        Assert.Equal(SyncHookOutcome.Succeeded, result.Outcome);
        Assert.Equal(3, Assert.Single(result.Calls).Attempts);
        Assert.Equal("p9", result.Result!["person_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Invoke_TwoWebhooksAnswerTheSameKeyDifferently_FailsNamingTheKey()
    {
        await SubscribeAsync(first, "token_minted");
        await SubscribeAsync(second, "token_minted");
        first.PostResponseBody = """{"tier":"gold"}""";
        second.PostResponseBody = """{"tier":"silver"}""";

        var result = await Hooks.InvokeAsync(engine.Organization.Id, "token_minted", "{}");

        Assert.Equal(SyncHookOutcome.Failed, result.Outcome);
        Assert.Contains("different values for 'tier'", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public async Task Invoke_NoSubscribers_SucceedsWithAnEmptyResult()
    {
        var result = await Hooks.InvokeAsync(engine.Organization.Id, "threat_detection", "{}");

        Assert.Equal(SyncHookOutcome.Succeeded, result.Outcome);
        Assert.Empty(result.Result!);
    }

    [Theory]
    [InlineData("token_mint", "{}", "not a sync hook")]
    [InlineData("token_minted", "[1]", "must be a JSON object")]
    [InlineData("token_minted", "{", "must be valid JSON")]
    public async Task Invoke_BadInput_IsInvalidAndStoresNothing(string hook, string content, string message)
    {
        var result = await Hooks.InvokeAsync(engine.Organization.Id, hook, content);

        Assert.Equal(SyncHookOutcome.Invalid, result.Outcome);
        Assert.Contains(message, Assert.Single(result.Errors).Message);
        await using var db = await engine.CreateDbContextAsync();
        Assert.Equal(0, await db.Events.CountAsync());
    }

    private async Task SubscribeAsync(TestReceiver receiver, string hook)
    {
        var created = await engine.Webhooks.CreateAsync(engine.Organization.Id, new WebhookInput
        {
            Name = $"hook {receiver.Url}",
            TargetUrl = receiver.Url,
            Format = WebhookFormat.Jwt,
            Channels = null,
            Triggers = [new TriggerInput(TriggerType.SyncHook, hook)],
        });
        Assert.True(created.Succeeded);
    }
}
