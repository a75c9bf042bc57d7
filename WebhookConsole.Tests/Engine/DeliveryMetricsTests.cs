using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using WebhookConsole.Engine.Diagnostics;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Engine;

public sealed class DeliveryMetricsTests : IAsyncLifetime
{
    private readonly ManualTimeProvider time = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, string? Outcome)> measurements = new();
    private readonly MeterListener listener = new();
    private EngineHost engine = null!;

    public async Task InitializeAsync()
    {
        engine = await EngineHost.StartAsync(time);
        // Only this engine's meter: other tests run engines (and meters of the same name) in parallel.
        var meterFactory = engine.Services.GetRequiredService<IMeterFactory>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == DeliveryMetrics.MeterName && instrument.Meter.Scope == meterFactory)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();
    }

    public async Task DisposeAsync()
    {
        listener.Dispose();
        await engine.DisposeAsync();
    }

    private DeliveryMetrics Metrics => engine.Services.GetRequiredService<DeliveryMetrics>();

    [Fact]
    public void RecordAttempt_EachOutcome_CountsDeliveriesByOutcomeAndRecordsTheDurationInMilliseconds()
    {
        Metrics.RecordAttempt(TimeSpan.FromMilliseconds(150), DeliveryStatus.Succeeded);
        Metrics.RecordAttempt(TimeSpan.FromSeconds(2), DeliveryStatus.Retrying);
        Metrics.RecordAttempt(TimeSpan.FromSeconds(20), DeliveryStatus.Failed);
        Metrics.RecordCancelled(2);

        Assert.Equal(
            [(1.0, "succeeded"), (1.0, "retrying"), (1.0, "failed"), (2.0, "cancelled")],
            Of(DeliveryMetrics.DeliveriesName));
        Assert.Equal(
            [(150.0, "succeeded"), (2000.0, "retrying"), (20000.0, "failed")],
            Of(DeliveryMetrics.AttemptDurationName));
    }

    [Fact]
    public void RecordAttempt_DeliveryStillPending_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Metrics.RecordAttempt(TimeSpan.FromSeconds(1), DeliveryStatus.Pending));

    [Fact]
    public async Task QueueDepth_ObservedRepeatedly_AnswersTheCachedCountAndRecountsAtMostOncePerMaxAge()
    {
        var metrics = Metrics;
        var webhookId = (await engine.CreateWebhookAsync("http://127.0.0.1:9/hook")).Webhook.Id;
        var @event = await engine.AddEventAsync(time.GetUtcNow());
        foreach (var status in new[] { DeliveryStatus.Pending, DeliveryStatus.Pending, DeliveryStatus.Retrying, DeliveryStatus.Succeeded, DeliveryStatus.InFlight })
        {
            await engine.AddDeliveryAsync(webhookId, @event.Id, status, time.GetUtcNow());
        }

        // An observation never waits for the count: the first starts one in the background (and answers 0, or 3 if
        // that count already finished); the refreshed value is there once the refresh has.
        Assert.InRange(ObserveQueueDepth(), 0, 3);
        await metrics.PendingRefresh;
        Assert.Equal(3, ObserveQueueDepth());

        await engine.AddDeliveryAsync(webhookId, @event.Id, DeliveryStatus.Pending, time.GetUtcNow());
        var lastRefresh = metrics.PendingRefresh;
        Assert.Equal(3, ObserveQueueDepth());
        Assert.Equal(3, ObserveQueueDepth());
        Assert.Same(lastRefresh, metrics.PendingRefresh);

        time.Advance(DeliveryMetrics.QueueDepthMaxAge);
        Assert.InRange(ObserveQueueDepth(), 3, 4);
        Assert.NotSame(lastRefresh, metrics.PendingRefresh);
        await metrics.PendingRefresh;
        Assert.Equal(4, ObserveQueueDepth());
    }

    private long ObserveQueueDepth()
    {
        measurements.Clear();
        listener.RecordObservableInstruments();
        return (long)Assert.Single(Of(DeliveryMetrics.QueueDepthName)).Value;
    }

    private List<(double Value, string? Outcome)> Of(string instrument) =>
        measurements.Where(m => m.Instrument == instrument).Select(m => (m.Value, m.Outcome)).ToList();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? outcome = null;
        foreach (var tag in tags)
        {
            if (tag.Key == DeliveryMetrics.OutcomeTag)
            {
                outcome = tag.Value as string;
            }
        }

        measurements.Enqueue((instrument.Name, value, outcome));
    }
}
