using System.Diagnostics;

namespace WebhookConsole.Bench;

/// <summary>
/// The process's CPU time (all threads, user and kernel) since <see cref="Start"/>. CPU time per request moves far
/// less than requests per second when other work shares the machine, so within one run it compares the ceiling
/// and the engine even on a busy day.
/// </summary>
public readonly struct CpuMeter
{
    private readonly TimeSpan _start;

    private CpuMeter(TimeSpan start) => _start = start;

    public static CpuMeter Start() => new(Process.GetCurrentProcess().TotalProcessorTime);

    public double MicrosecondsPer(long count) =>
        count == 0 ? double.NaN : (Process.GetCurrentProcess().TotalProcessorTime - _start).TotalMicroseconds / count;
}
