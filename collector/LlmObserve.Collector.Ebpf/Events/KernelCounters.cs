namespace LlmObserve.Collector.Ebpf.Events;

/// <summary>Names of the kernel side's per-CPU counters (enum llmo_counter), as reported in heartbeats.</summary>
public static class KernelCounters
{
    /// <summary>Index → name; "dropped.kernel.*" entries are losses.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "kernel.events",
        "kernel.bytes",
        "dropped.kernel.ringbuf_full",
        "dropped.kernel.ringbuf_full_bytes",
        "dropped.kernel.connection_cap_bytes",
        "dropped.kernel.muted_bytes",
        "dropped.kernel.read_fault",
        "dropped.kernel.call_too_big_bytes",
        "dropped.kernel.server_side_bytes",
        "dropped.kernel.state_map_full",
    ];
}
