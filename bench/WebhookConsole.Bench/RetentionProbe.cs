using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using WebhookConsole.Engine.Maintenance;
using WebhookConsole.Engine.Organizations;
using WebhookConsole.Engine.Privacy;
using WebhookConsole.Engine.Webhooks;

namespace WebhookConsole.Bench;

/// <summary>
/// <c>--probe retention [--rows N]</c>: fills a fresh SQLite file with N deliveries (one attempt and one event each,
/// default 1,000,000) created over the last 30 days and one hour, 90% of them in an organization that follows the hub's
/// <c>Delivery:Retention</c> (30 days) and 10% in one with its own 90-day window, so the oldest hour is past retention
/// as it is at each hourly run. Then times <see cref="RetentionPurge.PurgeAsync"/>: the run that deletes that hour, and
/// runs with nothing left to delete (one empty batch per organization and table: what a batch costs at least).
/// </summary>
public static class RetentionProbe
{
    private static readonly TimeSpan Span = TimeSpan.FromDays(30) + TimeSpan.FromHours(1);

    public static async Task RunAsync(int rows)
    {
        await using var engine = await EngineBench.StartAsync(4);
        await engine.AddWebhookAsync("https://receiver.example.com/hook", "AuthenticationSucceeded_v1");
        var webhookId = (await engine.Webhooks.ListAsync(engine.OrganizationId)).Single().Id;
        var (ownWindow, ownWebhookId) = await AddOrganizationWithItsOwnWindowAsync(engine);
        var now = DateTimeOffset.UtcNow;
        var fill = Stopwatch.StartNew();
        await DeliveriesPageProbe.FillAsync(engine.DatabasePath, engine.OrganizationId, [webhookId], rows - rows / 10, now, Span);
        await DeliveriesPageProbe.FillAsync(engine.DatabasePath, ownWindow, [ownWebhookId], rows / 10, now, Span);
        Console.WriteLine($"filled {rows:N0} deliveries, attempts and events over 30 days and 1 hour, in 2 organizations, in {fill.Elapsed.TotalSeconds:N0} s "
            + $"({new FileInfo(engine.DatabasePath).Length / 1_048_576:N0} MB)");

        var purge = engine.Services.GetRequiredService<RetentionPurge>();
        for (var run = 1; run <= 4; run++)
        {
            var start = Stopwatch.GetTimestamp();
            var result = await purge.PurgeAsync(CancellationToken.None);
            var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            // The first run also pays EF Core's query compilation and a colder page cache.
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"purge run {run}: {elapsed,10:F1} ms, {result.Deliveries:N0} deliveries, {result.Attempts:N0} attempts and {result.Events:N0} events deleted"));
        }
    }

    private static async Task<(Guid Organization, Guid Webhook)> AddOrganizationWithItsOwnWindowAsync(EngineBench engine)
    {
        var organization = (await engine.Services.GetRequiredService<OrganizationService>().CreateAsync("own-window", "own-window", parentId: null)).Value!;
        var windows = await engine.Services.GetRequiredService<RetentionSettings>().UpdateAsync(organization.Id, new(90), default);
        var webhook = await engine.Webhooks.CreateAsync(organization.Id, new WebhookInput { Name = "own-window", TargetUrl = "https://receiver.example.com/own", Channels = ["login"] });
        return windows.Succeeded && webhook.Value is { } created
            ? (organization.Id, created.Webhook.Id)
            : throw new InvalidOperationException(string.Join(" ", windows.Errors.Concat(webhook.Errors).Select(e => e.Message)));
    }
}
