using System.Collections.Frozen;

namespace LlmObserve.Collector.Capture;

/// <summary>
/// What the capture thread last published for heartbeats: coverage per target and the kernel's
/// counters. Written by the capture thread, read by the heartbeat task (immutable snapshots).
/// </summary>
public sealed class CollectorState
{
    private volatile Snapshot _current = new(FrozenDictionary<string, string>.Empty, FrozenDictionary<string, long>.Empty);

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    public IReadOnlyDictionary<string, string> Targets => _current.Targets;

    public IReadOnlyDictionary<string, long> KernelCounters => _current.KernelCounters;

    public void Publish(IReadOnlyDictionary<string, string> targets, IReadOnlyDictionary<string, long> kernelCounters) =>
        _current = new Snapshot(targets.ToFrozenDictionary(StringComparer.Ordinal), kernelCounters.ToFrozenDictionary(StringComparer.Ordinal));

    private sealed record Snapshot(FrozenDictionary<string, string> Targets, FrozenDictionary<string, long> KernelCounters);
}
