using Bunit;
using WebhookConsole.Components.Controls;
using WebhookConsole.Components.Pages;
using WebhookConsole.Components.ViewModels;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Components;

/// <summary>The webhook page's activity chart: attempts per minute by outcome and latency, empty and with data.</summary>
public sealed class WebhookActivityChartTests : ConsoleTestContext, IAsyncLifetime
{
    private TestReceiver receiver = null!;

    public async Task InitializeAsync() => receiver = await TestReceiver.StartAsync();

    public new async Task DisposeAsync() => await receiver.DisposeAsync();

    [Fact]
    public void Render_NoAttempts_SaysZeroAndNoLatency()
    {
        var minutes = Enumerable.Range(0, 60).Select(i => new WebhookMinute(DateTimeOffset.UnixEpoch.AddMinutes(i), 0, 0, null, null)).ToList();

        var chart = Render<WebhookActivityChart>(p => p.Add(x => x.Minutes, minutes));

        Assert.Contains("Last hour: 0 attempts succeeded, 0 failed", chart.Find(".throughput-summary").TextContent);
        Assert.DoesNotContain("p50", chart.Find(".throughput-summary").TextContent);
        Assert.Equal("No deliveries in this period.", chart.Find(".chart-empty").TextContent);
        Assert.Empty(chart.FindAll(".activity-charts"));
    }

    [Fact]
    public void LatencyRuns_IdleMinuteBetweenBusyOnes_IsAGapNotALatencyOfZero()
    {
        IReadOnlyList<WebhookMinute> minutes =
        [
            new(DateTimeOffset.UnixEpoch, 9, 1, 40, 120),
            new(DateTimeOffset.UnixEpoch.AddMinutes(1), 1, 0, 50, 50),
            new(DateTimeOffset.UnixEpoch.AddMinutes(2), 0, 0, null, null),
            new(DateTimeOffset.UnixEpoch.AddMinutes(3), 5, 0, 60, 80),
        ];

        var runs = LatencyRuns.Of(minutes);

        Assert.Equal([2, 1], runs.Select(r => r.Count));
        Assert.DoesNotContain(runs.SelectMany(r => r), p => p.P50 == 0 || p.P99 == 0);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddMinutes(3).UtcDateTime, runs[1][0].Time);
    }

    [Fact]
    public void Render_Minutes_SummarizesCountsAndLatency()
    {
        IReadOnlyList<WebhookMinute> minutes =
        [
            new(DateTimeOffset.UnixEpoch, 9, 1, 40, 120),
            new(DateTimeOffset.UnixEpoch.AddMinutes(1), 0, 0, null, null),
            new(DateTimeOffset.UnixEpoch.AddMinutes(2), 5, 0, 60, 80),
        ];

        var chart = Render<WebhookActivityChart>(p => p.Add(x => x.Minutes, minutes));

        var summary = chart.Find(".throughput-summary").TextContent;
        Assert.Contains("14 attempts succeeded, 1 failed", summary);
        Assert.Contains("Latency p50 60 ms, worst minute's p99 120 ms", summary);
    }

    [Fact]
    public async Task WebhookPage_DeliveredEvent_ShowsItInTheActivity()
    {
        var created = await Webhooks.CreateAsync(Organization.Id, new() { Name = "Charted", TargetUrl = receiver.Url, Format = WebhookFormat.Standard, Channels = ["login"] });
        var id = created.Value!.Webhook.Id;
        await Webhooks.SetActiveAsync(Organization.Id, id, true);
        await Services.GetRequiredService<IEventPublisher>().PublishAsync(new(Organization.Id, "AuthenticationSucceeded_v1", "{}"));
        await Services.GetRequiredService<DeliveryDispatcher>().DispatchBatchAsync(CancellationToken.None);

        var page = Render<WebhookDetails>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.Contains("Last hour: 1 attempts succeeded, 0 failed", page.Find(".webhook-activity .throughput-summary").TextContent));
    }
}
