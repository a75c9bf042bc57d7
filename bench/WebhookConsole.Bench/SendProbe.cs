using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Diagnostics;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Signing;

namespace WebhookConsole.Bench;

/// <summary>
/// <c>--probe send</c>: the engine's send-side work without its storage, beside the ceiling in the same process. 64
/// callers build each request with the engine's standard format, POST it through its sender and turn the outcome into
/// the attempt the log keeps, as the dispatcher does for each delivery; nothing is claimed, read or recorded. Its CPU
/// time per request against the ceiling's says how much of the engine's cost per delivery is the send, and how much is the queue.
/// </summary>
public static class SendProbe
{
    public static async Task RunAsync(BenchReceiver receiver, int seconds)
    {
        var duration = TimeSpan.FromSeconds(seconds);
        var ceilingWarmup = await Warmup.UntilJitSettlesAsync(round => CeilingBenchmark.RunAsync(receiver, 64, round));
        var cpu = CpuMeter.Start();
        var (ceilingRate, ceilingSent) = await CeilingBenchmark.RunAsync(receiver, 64, duration);
        Console.WriteLine($"ceiling: {ceilingRate:N0} req/s, {cpu.MicrosecondsPer(ceilingSent):N0} µs CPU each ({ceilingWarmup})");

        await using var engine = await EngineBench.StartAsync(64);
        var format = engine.Services.GetRequiredService<IEnumerable<IWireFormat>>().Single(f => f.Format == WebhookFormat.Standard);
        var sender = engine.Services.GetRequiredService<WebhookSender>();
        var url = receiver.BaseUrl + "/send";
        var organization = new Organization { Id = engine.OrganizationId, Handle = "bench", Name = "bench", CreatedAt = DateTimeOffset.UtcNow };
        var webhook = new Webhook
        {
            Id = Guid.NewGuid(), OrganizationId = engine.OrganizationId, Name = "send", TargetUrl = url, Format = WebhookFormat.Standard,
            Status = WebhookStatus.Active, CreatedAt = DateTimeOffset.UtcNow,
        };
        var secret = "whsec_" + Convert.ToBase64String(Signer.Key);
        var noHeaders = new Dictionary<string, string[]>();

        async Task<long> SendAsync(TimeSpan round)
        {
            var stop = Stopwatch.StartNew();
            long sent = 0;
            await Task.WhenAll(Enumerable.Range(0, 64).Select(async _ =>
            {
                while (stop.Elapsed < round)
                {
                    var @event = new WebhookEvent
                    {
                        Id = Guid.CreateVersion7(), OrganizationId = engine.OrganizationId, Name = "AuthenticationSucceeded_v1",
                        Payload = EngineBench.Payload, ReceivedAt = DateTimeOffset.UtcNow,
                    };
                    var delivery = new Delivery { Id = Guid.CreateVersion7(), EventId = @event.Id, Event = @event, WebhookId = webhook.Id, OrganizationId = engine.OrganizationId, EventName = @event.Name };
                    var context = new DeliveryContext(delivery.Id, @event, webhook, organization, secret, "http://localhost", DateTimeOffset.UtcNow);
                    var request = format.Build(context);
                    var outcome = await sender.SendAsync(DeliveryTrace.Of(context), url, request, noHeaders, TimeSpan.FromSeconds(10), CancellationToken.None);
                    if (AttemptLog.ToAttempt(delivery, webhook, request, noHeaders, outcome, rebuildable: true).Error != AttemptError.None)
                    {
                        throw new InvalidOperationException(outcome.ErrorMessage);
                    }

                    Interlocked.Increment(ref sent);
                }
            }));
            return sent;
        }

        var warmup = await Warmup.UntilJitSettlesAsync(SendAsync);
        cpu = CpuMeter.Start();
        var clock = Stopwatch.StartNew();
        var count = await SendAsync(duration);
        Console.WriteLine($"engine's send: {count / clock.Elapsed.TotalSeconds:N0} req/s, {cpu.MicrosecondsPer(count):N0} µs CPU each ({warmup})");
    }
}
