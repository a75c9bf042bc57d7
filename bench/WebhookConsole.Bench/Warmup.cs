using System.Runtime;

namespace WebhookConsole.Bench;

/// <summary>
/// Runs a scenario in one-second rounds until the JIT has settled: .NET compiles a hot method up to three times
/// (quick, instrumented, optimised), and on a busy 2-core machine its background compiler can still be at work
/// thirty seconds in, thousands of methods a phase, which a fixed few seconds of warm-up left inside the measurement.
/// </summary>
public static class Warmup
{
    private const int SettledMethodsPerSecond = 25;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static async Task<string> UntilJitSettlesAsync(Func<TimeSpan, Task> round)
    {
        var rounds = 0;
        long compiled;
        do
        {
            var before = JitInfo.GetCompiledMethodCount();
            await round(TimeSpan.FromSeconds(1));
            compiled = JitInfo.GetCompiledMethodCount() - before;
            rounds++;
        }
        while (compiled > SettledMethodsPerSecond && rounds < Limit.TotalSeconds);

        return $"warm-up {rounds} s, {compiled} methods compiled in its last second";
    }
}
