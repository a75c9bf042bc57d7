using System.Net;
using System.Text.Json;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Tenancy;

/// <summary>
/// One real app with two organizations, as a platform would set them up: A (the bootstrap organization) and B (made
/// through the platform API, with its own API key and admin). Each has a jwt webhook subscribed to PersonCreated_v1 and
/// delivering to its own loopback receiver, and one delivered event.
/// </summary>
public sealed class TwoTenants : IAsyncLifetime
{
    public const string AdminB = "admin-b@example.com";
    public const string AdminBPassword = "Correct-Horse-43";
    public const string EventName = "PersonCreated_v1";

    public ConsoleApp App { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public TestReceiver ReceiverA { get; private set; } = null!;

    public TestReceiver ReceiverB { get; private set; } = null!;

    public HttpClient Platform { get; private set; } = null!;

    public HttpClient ClientA { get; private set; } = null!;

    public HttpClient ClientB { get; private set; } = null!;

    public Guid OrganizationA => App.OrganizationId;

    public Guid OrganizationB { get; private set; }

    public string WebhookA { get; private set; } = "";

    public string WebhookB { get; private set; } = "";

    public string DeliveryA { get; private set; } = "";

    public string EventA { get; private set; } = "";

    /// <summary>A sync hook call of A's (its page is <c>/sync-hooks/{id}</c>).</summary>
    public string SyncHookA { get; private set; } = "";

    /// <summary>A's webhook as A's own key reads it before any test ran.</summary>
    public string WebhookAJson { get; private set; } = "";

    public async Task InitializeAsync()
    {
        ReceiverA = await TestReceiver.StartAsync();
        ReceiverB = await TestReceiver.StartAsync();
        BaseAddress = App.Start();
        Platform = ConsoleApp.CreatePlatformClient(BaseAddress);
        var b = await (await Platform.SendJsonAsync(HttpMethod.Post, "platform/organizations", """{"handle": "tenant-b", "name": "Tenant B"}"""))
            .ReadResultAsync(HttpStatusCode.Created);
        OrganizationB = b.GetProperty("id").GetGuid();
        var key = await (await Platform.SendJsonAsync(HttpMethod.Post, $"platform/organizations/{OrganizationB}/api-keys", """{"name": "b automation"}"""))
            .ReadResultAsync(HttpStatusCode.Created);
        await (await Platform.SendJsonAsync(HttpMethod.Post, $"platform/organizations/{OrganizationB}/operators",
            JsonSerializer.Serialize(new { email = AdminB, password = AdminBPassword }))).ReadResultAsync(HttpStatusCode.Created);

        ClientA = App.CreateApiClient(BaseAddress);
        ClientB = ConsoleApp.CreateApiClient(BaseAddress, OrganizationB, key.GetProperty("key").GetString()!);
        WebhookA = await SubscribedWebhookAsync(ClientA, ReceiverA, "a-secret-webhook");
        WebhookB = await SubscribedWebhookAsync(ClientB, ReceiverB, "b webhook");
        EventA = (await PublishAsync(ClientA, "p-a")).GetProperty("id").GetString()!;
        await ReceiverA.NextPostAsync();
        DeliveryA = (await (await ClientA.GetAsync($"organizations/webhooks/{WebhookA}/deliveries")).ReadResultAsync(HttpStatusCode.OK))[0]
            .GetProperty("id").GetString()!;
        WebhookAJson = await ReadWebhookAAsync();
        SyncHookA = (await App.Services.GetRequiredService<WebhookConsole.Engine.Delivery.ISyncHookInvoker>()
            .InvokeAsync(OrganizationA, "token_minted", """{"person_id": "p-a"}""")).InvocationId.ToString();
    }

    /// <summary>What A's own key reads of A's webhook now: name, target, status and triggers.</summary>
    public async Task<string> ReadWebhookAAsync()
    {
        var webhook = await (await ClientA.GetAsync($"organizations/webhooks/{WebhookA}")).ReadResultAsync(HttpStatusCode.OK);
        return string.Join(" | ", webhook.GetProperty("name"), webhook.GetProperty("target_url"), webhook.GetProperty("status"), webhook.GetProperty("triggers"));
    }

    public static async Task<JsonElement> PublishAsync(HttpClient client, string personId) =>
        await (await client.SendJsonAsync(HttpMethod.Post, "events", JsonSerializer.Serialize(new { event_name = EventName, payload = new { person_id = personId } })))
            .ReadResultAsync(HttpStatusCode.Accepted);

    public async Task DisposeAsync()
    {
        Platform.Dispose();
        ClientA.Dispose();
        ClientB.Dispose();
        await App.DisposeAsync();
        await ReceiverA.DisposeAsync();
        await ReceiverB.DisposeAsync();
    }

    private static async Task<string> SubscribedWebhookAsync(HttpClient client, TestReceiver receiver, string name)
    {
        var webhook = await (await client.SendJsonAsync(HttpMethod.Post, "organizations/webhooks", JsonSerializer.Serialize(new { target_url = receiver.Url, name })))
            .ReadResultAsync(HttpStatusCode.Created);
        var id = webhook.GetProperty("id").GetString()!;
        await (await client.SendJsonAsync(HttpMethod.Post, $"organizations/webhooks/{id}/triggers",
            JsonSerializer.Serialize(new { trigger_type = "event", trigger_name = EventName }))).ReadResultAsync(HttpStatusCode.Created);
        await (await client.SendJsonAsync(HttpMethod.Post, $"organizations/webhooks/{id}/activate")).ReadResultAsync(HttpStatusCode.OK);
        return id;
    }
}
