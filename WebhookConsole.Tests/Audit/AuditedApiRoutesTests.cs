using System.Net;
using System.Text.Json;
using WebhookConsole.Engine.Audit;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Organizations;
using WebhookConsole.Engine.Webhooks;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Audit;

/// <summary>
/// Every route of the REST API and the platform API that changes something leaves exactly one audit entry, in the
/// chain of the organization it changed, naming the key that called (by name and id, from loopback) and the target.
/// </summary>
public sealed class AuditedApiRoutesTests(AuditApp app) : IClassFixture<AuditApp>
{
    private const string Event = "AuthenticationSucceeded_v1";
    private static int s_webhooks;

    /// <summary>The route, and what it must record.</summary>
    public static TheoryData<string, string> Routes => new()
    {
        { "POST /organizations/webhooks", AuditAction.WebhookCreated },
        { "PATCH /organizations/webhooks/{id}", AuditAction.WebhookUpdated },
        { "DELETE /organizations/webhooks/{id}", AuditAction.WebhookDeleted },
        { "POST /organizations/webhooks/{id}/triggers", AuditAction.TriggerAdded },
        { "DELETE /organizations/webhooks/{id}/triggers", AuditAction.TriggerRemoved },
        { "POST /organizations/webhooks/{id}/activate", AuditAction.WebhookActivated },
        { "POST /organizations/webhooks/{id}/deactivate", AuditAction.WebhookDeactivated },
        { "POST /organizations/webhooks/{id}/verification/resend", AuditAction.VerificationResent },
        { "POST /organizations/webhooks/{id}/recover", AuditAction.DeliveriesRecovered },
        { "POST /organizations/webhooks/{id}/secret/rotate", AuditAction.SecretRotated },
        { "POST /deliveries/{id}/redeliver", AuditAction.DeliveryRedelivered },
        { "POST /organizations/webhooks/verification-jwks/rotate", AuditAction.SigningKeyRotated },
        { "POST /test-events", AuditAction.TestEventSent },
        { "POST /erasure", AuditAction.ErasureRun },
        { "PATCH /organizations/retention", AuditAction.RetentionChanged },
        { "POST /platform/organizations", AuditAction.OrganizationCreated },
        { "PATCH /platform/organizations/{id}", AuditAction.OrganizationRenamed },
        { "POST /platform/organizations/{id}/disable", AuditAction.OrganizationDisabled },
        { "POST /platform/organizations/{id}/enable", AuditAction.OrganizationEnabled },
        { "POST /platform/organizations/{id}/api-keys", AuditAction.ApiKeyCreated },
        { "POST /platform/organizations/{id}/operators", AuditAction.OperatorCreated },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task MutatingRoute_Succeeds_RecordsExactlyOneEntryWithActorAndTarget(string route, string action)
    {
        var (chain, targetId, call, platform) = await PrepareAsync(route);
        var before = await app.HeadAsync(chain);

        var response = await call();

        Assert.True(response.IsSuccessStatusCode, $"{route}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        chain = chain == Guid.Empty ? Guid.Parse((await response.ReadJsonAsync()).GetProperty("result").GetProperty("id").GetString()!) : chain;
        var entry = Assert.Single(await app.EntriesAsync(chain, before));
        Assert.Equal(action, entry.Action);
        Assert.Equal(platform ? AuditActor.PlatformApiKeyType : AuditActor.ApiKeyType, entry.ActorType);
        Assert.Equal(platform ? "Platform API key" : "Bootstrap", entry.ActorName);
        Assert.NotNull(entry.ActorId);
        Assert.Equal("127.0.0.1", entry.ActorAddress);
        Assert.Equal(AuditLog.Success, entry.Outcome);
        Assert.False(string.IsNullOrEmpty(entry.TargetType));
        if (targetId is not null)
        {
            Assert.Equal(targetId, entry.TargetId);
        }
    }

    [Fact]
    public async Task PatchWebhook_HeadersAndTargetChanged_RecordsOldAndNewValuesButNoHeaderValueOrSecret()
    {
        var webhook = await CreateWebhookAsync(WebhookFormat.Standard, active: true);
        var before = await app.HeadAsync(app.OrganizationId);

        var response = await app.Api.SendJsonAsync(HttpMethod.Patch, $"organizations/webhooks/{webhook.Id}",
            """{ "target_url": "http://127.0.0.1:9/renamed", "custom_headers": { "X-Tenant": ["tenant-header-value-7f3a"] } }""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entry = Assert.Single(await app.EntriesAsync(app.OrganizationId, before));
        var changes = JsonDocument.Parse(entry.Details!).RootElement.GetProperty("changes");
        Assert.Equal(webhook.TargetUrl, changes.GetProperty("target_url").GetProperty("old").GetString());
        Assert.Equal("http://127.0.0.1:9/renamed", changes.GetProperty("target_url").GetProperty("new").GetString());
        Assert.Equal(["X-Tenant"], changes.GetProperty("custom_headers").GetProperty("names_after").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal("replaced", changes.GetProperty("custom_headers").GetProperty("values").GetString());
        Assert.DoesNotContain("tenant-header-value-7f3a", entry.Details);
        Assert.DoesNotContain("whsec_", entry.Details);
    }

    [Fact]
    public async Task GetAuditLog_FilteredByTargetAndPaged_AnswersNewestFirstAndJsonLines()
    {
        var webhook = await CreateWebhookAsync(WebhookFormat.Jwt, active: true);
        foreach (var name in new[] { "one", "two", "three" })
        {
            await app.Get<WebhookService>().UpdateAsync(app.OrganizationId, webhook.Id, new WebhookPatch { Name = name });
        }

        var first = await (await app.Api.GetAsync($"audit-log?target={webhook.Id}&action=webhook.&limit=2")).ReadJsonAsync();
        var cursor = first.GetProperty("meta").GetProperty("next_cursor").GetString();
        var second = await (await app.Api.GetAsync($"audit-log?target={webhook.Id}&action=webhook.&limit=2&cursor={cursor}")).ReadJsonAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"audit-log?target={webhook.Id}");
        request.Headers.Accept.ParseAdd("application/x-ndjson");
        var lines = await (await app.Api.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.Equal(["webhook.updated", "webhook.updated"], first.GetProperty("result").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(["webhook.updated", "webhook.created"], second.GetProperty("result").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("meta").GetProperty("next_cursor").ValueKind);
        var exported = lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(4, exported.Count);
        Assert.Equal("three", exported[0].GetProperty("details").GetProperty("changes").GetProperty("name").GetProperty("new").GetString());
    }

    [Fact]
    public async Task GetAuditLog_BadParameters_AnswersBadRequestNamingEach()
    {
        var response = await app.Api.GetAsync("audit-log?from=yesterday&cursor=abc&format=csv&limit=0");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var messages = (await response.ReadJsonAsync()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("message").GetString()!).ToList();
        Assert.Contains(messages, m => m.Contains("from", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("cursor", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("format", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("limit", StringComparison.Ordinal));
    }

    private async Task<(Guid Chain, string? TargetId, Func<Task<HttpResponseMessage>> Call, bool Platform)> PrepareAsync(string route)
    {
        var api = app.Api;
        var org = app.OrganizationId;
        switch (route)
        {
            case "POST /organizations/webhooks":
                return (org, null, () => api.SendJsonAsync(HttpMethod.Post, "organizations/webhooks",
                    $$"""{ "target_url": "http://127.0.0.1:9/created-{{Interlocked.Increment(ref s_webhooks)}}", "name": "Created", "format": "jwt" }"""), false);
            case "POST /platform/organizations":
                var handle = $"audited-{Guid.NewGuid():N}"[..20];
                return (Guid.Empty, null, () => app.Platform.SendJsonAsync(HttpMethod.Post, "platform/organizations", $$"""{ "handle": "{{handle}}" }"""), true);
            case "POST /organizations/webhooks/verification-jwks/rotate":
                return (org, null, () => api.SendJsonAsync(HttpMethod.Post, "organizations/webhooks/verification-jwks/rotate"), false);
            case "POST /test-events":
                return (org, null, () => api.SendJsonAsync(HttpMethod.Post, "test-events", $$"""[{ "event_name": "{{Event}}" }]"""), false);
            case "POST /erasure":
                return (org, org.ToString(), () => api.SendJsonAsync(HttpMethod.Post, "erasure", """{ "person_id": "nobody-erased-here" }"""), false);
            case "PATCH /organizations/retention":
                var days = 20 + Interlocked.Increment(ref s_webhooks) % 10;
                return (org, org.ToString(), () => api.SendJsonAsync(HttpMethod.Patch, "organizations/retention", $$"""{ "event_retention_days": {{days}}, "body_retention_days": 7 }"""), false);
        }

        if (route.StartsWith("POST /deliveries", StringComparison.Ordinal))
        {
            var active = await CreateWebhookAsync(WebhookFormat.Jwt, active: true);
            var deliveryId = await StoreFailedDeliveryAsync(active.Id);
            return (org, deliveryId.ToString(), () => api.SendJsonAsync(HttpMethod.Post, $"deliveries/{deliveryId}/redeliver"), false);
        }

        if (route.Contains("/platform/organizations/{id}", StringComparison.Ordinal))
        {
            var created = await app.Get<OrganizationService>().CreateAsync(null, $"org-{Guid.NewGuid():N}"[..16], null);
            var id = created.Value!.Id;
            if (route.EndsWith("/enable", StringComparison.Ordinal))
            {
                await app.Get<OrganizationService>().SetDisabledAsync(id, true);
            }

            var path = $"platform/organizations/{id}";
            Func<Task<HttpResponseMessage>> call = route.Split(' ')[1].Split('/').Last() switch
            {
                "{id}" => () => app.Platform.SendJsonAsync(HttpMethod.Patch, path, """{ "name": "Renamed" }"""),
                "api-keys" => () => app.Platform.SendJsonAsync(HttpMethod.Post, path + "/api-keys", """{ "name": "Automation" }"""),
                "operators" => () => app.Platform.SendJsonAsync(HttpMethod.Post, path + "/operators",
                    $$"""{ "email": "op-{{Guid.NewGuid():N}}@example.com", "password": "Correct-Horse-42", "role": "viewer" }"""),
                var verb => () => app.Platform.SendJsonAsync(HttpMethod.Post, $"{path}/{verb}"),
            };
            return (id, route.Contains("api-keys") || route.Contains("operators") ? null : id.ToString(), call, true);
        }

        var format = route.Contains("resend") ? WebhookFormat.WebSub : route.Contains("secret") ? WebhookFormat.Standard : WebhookFormat.Jwt;
        var webhook = await CreateWebhookAsync(format, active: true);
        var service = app.Get<WebhookService>();
        if (route.EndsWith("/activate", StringComparison.Ordinal) || route == "DELETE /organizations/webhooks/{id}")
        {
            await service.SetActiveAsync(org, webhook.Id, false);
        }

        if (route.Contains("resend"))
        {
            await service.SetActiveAsync(org, webhook.Id, true);
        }

        var webhookPath = $"organizations/webhooks/{webhook.Id}";
        Func<Task<HttpResponseMessage>> action = route switch
        {
            "PATCH /organizations/webhooks/{id}" => () => api.SendJsonAsync(HttpMethod.Patch, webhookPath, """{ "name": "Renamed" }"""),
            "DELETE /organizations/webhooks/{id}" => () => api.SendJsonAsync(HttpMethod.Delete, webhookPath),
            "POST /organizations/webhooks/{id}/triggers" => () => api.SendJsonAsync(HttpMethod.Post, webhookPath + "/triggers",
                """{ "trigger_type": "event", "trigger_name": "AuthenticationFailed_v1" }"""),
            "DELETE /organizations/webhooks/{id}/triggers" => () => api.SendJsonAsync(HttpMethod.Delete, $"{webhookPath}/triggers?trigger_type=event&trigger_name={Event}"),
            "POST /organizations/webhooks/{id}/recover" => () => api.SendJsonAsync(HttpMethod.Post, webhookPath + "/recover", """{ "since": "2020-01-01T00:00:00Z" }"""),
            _ => () => api.SendJsonAsync(HttpMethod.Post, webhookPath + route[(route.IndexOf("{id}", StringComparison.Ordinal) + 4)..]),
        };
        return (org, webhook.Id.ToString(), action, false);
    }

    private async Task<Webhook> CreateWebhookAsync(WebhookFormat format, bool active)
    {
        var created = await app.Get<WebhookService>().CreateAsync(app.OrganizationId, new WebhookInput
        {
            Name = $"{format} webhook",
            TargetUrl = $"http://127.0.0.1:9/hook-{Interlocked.Increment(ref s_webhooks)}",
            Format = format,
            Channels = null,
            Triggers = [new TriggerInput(TriggerType.Event, Event)],
        });
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Message)));
        if (!active && created.Value!.Webhook.Status == WebhookStatus.Active)
        {
            await app.Get<WebhookService>().SetActiveAsync(app.OrganizationId, created.Value.Webhook.Id, false);
        }

        return created.Value!.Webhook;
    }

    private async Task<Guid> StoreFailedDeliveryAsync(Guid webhookId)
    {
        var now = DateTimeOffset.UtcNow;
        var stored = new WebhookEvent { Id = Guid.NewGuid(), OrganizationId = app.OrganizationId, Name = Event, Payload = "{}", ReceivedAt = now };
        var delivery = new Delivery
        {
            Id = Guid.NewGuid(), EventId = stored.Id, EventName = Event, WebhookId = webhookId, OrganizationId = app.OrganizationId,
            Status = DeliveryStatus.Failed, CreatedAt = now, NextAttemptAt = now, CompletedAt = now, AttemptCount = 1,
        };
        await using var db = await app.DbAsync();
        db.Events.Add(stored);
        db.Deliveries.Add(delivery);
        await db.SaveChangesAsync();
        return delivery.Id;
    }
}
