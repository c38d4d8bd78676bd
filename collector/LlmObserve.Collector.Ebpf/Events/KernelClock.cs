using System.Diagnostics;

namespace LlmObserve.Collector.Ebpf.Events;

/// <summary>
/// Turns <c>bpf_ktime_get_ns</c> (CLOCK_MONOTONIC) into wall-clock time. On Linux
/// <see cref="Stopwatch"/> reads the same clock, so one offset taken at start converts every event.
/// </summary>
public sealed class KernelClock
{
    private readonly DateTimeOffset _wallAtStart;
    private readonly long _monotonicNsAtStart;

    public KernelClock(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _wallAtStart = time.GetUtcNow();
        _monotonicNsAtStart = MonotonicNanoseconds();
    }

    public DateTimeOffset ToWallClock(ulong monotonicNs) =>
        _wallAtStart.AddTicks(((long)monotonicNs - _monotonicNsAtStart) / 100);

    private static long MonotonicNanoseconds() =>
        (long)(Stopwatch.GetTimestamp() * (1_000_000_000.0 / Stopwatch.Frequency));
}
