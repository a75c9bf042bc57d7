using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace WebhookConsole.Bench;

/// <summary>
/// The runtime's allocation sampling (<c>GCAllocationTick</c>: one event about every 100 KB allocated, naming the type
/// that crossed the mark), counted by type: where the engine's allocations go, without a profiler; and the methods the JIT
/// compiled meanwhile, by namespace. <c>--allocations</c> with <c>--probe engine</c>.
/// </summary>
public sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private const EventKeywords JitKeyword = (EventKeywords)0x10;
    private readonly ConcurrentDictionary<string, long> _bytesByType = new();
    private readonly ConcurrentDictionary<string, int> _compiled = new();
    private volatile bool _counting;

    public void Begin() => _counting = true;

    /// <summary>
    /// Stops counting and writes the 25 types sampled most (their share of the sampled bytes), then where the methods
    /// compiled meanwhile (or compiled again at a higher tier) belong, by namespace.
    /// </summary>
    public void Report(TextWriter output)
    {
        _counting = false;
        var total = (double)Math.Max(1, _bytesByType.Values.Sum());
        foreach (var (type, bytes) in _bytesByType.OrderByDescending(p => p.Value).Take(25))
        {
            output.WriteLine($"  {bytes / total,6:P1} {type}");
        }

        output.WriteLine($"methods compiled meanwhile: {_compiled.Values.Sum()}, by namespace:");
        foreach (var (area, count) in _compiled.OrderByDescending(p => p.Value).Take(12))
        {
            output.WriteLine($"  {count,5} {area}");
        }
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, GcKeyword | JitKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!_counting || e.EventName is not { } name || e.Payload is null)
        {
            return;
        }

        if (name.StartsWith("MethodLoadVerbose", StringComparison.Ordinal))
        {
            // By namespace (its first three parts): which part of the process is still being compiled.
            var declaring = e.Payload[e.PayloadNames!.IndexOf("MethodNamespace")] as string ?? "?";
            var area = string.Join('.', declaring.Split('.', '`', '+').Take(3));
            _compiled.AddOrUpdate(area, 1, (_, n) => n + 1);
            return;
        }

        if (!name.StartsWith("GCAllocationTick", StringComparison.Ordinal))
        {
            return;
        }

        var type = e.PayloadNames!.IndexOf("TypeName") is var t and >= 0 ? e.Payload[t] as string ?? "?" : "?";
        var amount = e.PayloadNames.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(e.Payload[a]) : 100_000;
        _bytesByType.AddOrUpdate(type, amount, (_, sum) => sum + amount);
    }
}
