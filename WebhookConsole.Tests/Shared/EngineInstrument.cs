using System.Diagnostics.Metrics;

namespace WebhookConsole.Tests.Shared;

/// <summary>Listens to one instrument of one engine's meters: other tests run engines (and meters of the same name) in parallel.</summary>
public static class EngineInstrument
{
    /// <summary>Calls <paramref name="measured"/> with each measurement of <paramref name="name"/> made by the engine of <paramref name="services"/>, until disposed.</summary>
    public static MeterListener Listen(IServiceProvider services, string name, Action<long> measured)
    {
        var meters = services.GetRequiredService<IMeterFactory>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Name == name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => measured(value));
        listener.Start();
        return listener;
    }
}
