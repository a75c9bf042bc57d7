using System.Diagnostics.Metrics;

namespace WebhookConsole.Bench;

/// <summary>Sums one of the engine's counters (by instrument name) while it is alive, as an OpenTelemetry exporter would.</summary>
public sealed class CounterMeter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _total;

    public CounterMeter(string meterName, string instrumentName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == meterName && instrument.Name == instrumentName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
        _listener.Start();
    }

    public long Total => Interlocked.Read(ref _total);

    public void Dispose() => _listener.Dispose();
}
