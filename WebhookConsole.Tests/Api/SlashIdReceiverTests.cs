using System.Net;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Api;

/// <summary>
/// The acceptance of SlashID's event shape: a receiver in Python, written from the SlashID guide with PyJWT and
/// <c>hmac</c> (none of this product's code), verifies every format and checks that the format's event id (jwt
/// <c>sub</c>, websub <c>rci</c>, standard <c>id</c>) is <c>trigger_content.event_metadata.event_id</c>, for events
/// published through the API and for test events.
/// </summary>
public sealed class SlashIdReceiverTests : RunningConsoleApp
{
    private const string EventName = "AuthenticationFailed_v1";
    private const string Issuer = "http://localhost:5080";

    [Fact]
    public async Task Deliveries_RealAndTestEventsInEveryFormat_VerifyWithPyJwtAndCarryTheEventIdInEventMetadata()
    {
        using var client = App.CreateApiClient(BaseAddress);
        using var changes = new EngineChanges(App.Services);
        await using var receiver = await PythonReceiver.StartAsync(BaseAddress, App.OrganizationId, Issuer);
        foreach (var format in new[] { "jwt", "standard", "websub" })
        {
            var webhook = await client.CreateSubscribedWebhookAsync($"{receiver.BaseUrl}/{format}", format, EventName);
            var id = webhook.GetProperty("id").GetString()!;
            if (webhook.TryGetProperty("secret", out var secret) && secret.GetString() is { } clear)
            {
                await receiver.AddSecretAsync("/" + format, clear);
            }

            if (format == "websub")
            {
                await client.PostAsync($"organizations/webhooks/{id}/activate", null);
                await changes.NextAsync(EngineChangeKind.VerificationFinished, Guid.Parse(id));
            }
        }

        var real = await (await client.SendJsonAsync(HttpMethod.Post, "events",
            $$$"""{"event_name":"{{{EventName}}}","payload":{"person_id":"p1","failed_authn_method":"webauthn","failure_reason":"no platform authenticator available"}}"""))
            .ReadResultAsync(HttpStatusCode.Accepted);
        var test = await (await client.SendJsonAsync(HttpMethod.Post, "test-events", $$"""[{"event_name":"{{EventName}}"}]"""))
            .ReadResultAsync(HttpStatusCode.Created);

        var realId = real.GetProperty("id").GetString()!;
        var testId = test[0].GetProperty("event_metadata").GetProperty("event_id").GetString()!;
        var reports = new List<(string Format, string EventId, bool Test)>();
        for (var i = 0; i < 6; i++)
        {
            var report = await receiver.NextAsync(TimeSpan.FromSeconds(30));
            Assert.True(report.GetProperty("ok").GetBoolean(), report.GetRawText());
            reports.Add((report.GetProperty("format").GetString()!, report.GetProperty("event_id").GetString()!, report.GetProperty("is_test_event").GetBoolean()));
        }

        foreach (var format in new[] { "jwt", "standard", "websub" })
        {
            Assert.Contains((format, realId, false), reports);
            Assert.Contains((format, testId, true), reports);
        }
    }
}
