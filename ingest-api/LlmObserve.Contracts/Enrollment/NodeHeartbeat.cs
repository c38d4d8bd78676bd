namespace LlmObserve.Contracts.Enrollment;

/// <summary>
/// A collector's periodic report: <c>POST /api/v1/ingest/heartbeat</c> with its node credential.
/// </summary>
public sealed record NodeHeartbeat
{
    public required string CollectorVersion { get; init; }

    public required string KernelVersion { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>
    /// Capture coverage in plain words per target, e.g. <c>"/usr/lib/x86_64-linux-gnu/libssl.so.3" → "attached"</c>
    /// or <c>"pid 4242 /app/server" → "no TLS symbols (static or stripped)"</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> Targets
    {
        get;
        init => field = value ?? new Dictionary<string, string>(StringComparer.Ordinal); // absent on the wire means none (the JSON source generator passes null)
    } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Monotonic counters since start, e.g. <c>captured.exchanges</c>, <c>dropped.kernel.ringbuf_full</c>.</summary>
    public IReadOnlyDictionary<string, long> Counters
    {
        get;
        init => field = value ?? new Dictionary<string, long>(StringComparer.Ordinal); // as Targets
    } = new Dictionary<string, long>(StringComparer.Ordinal);
}
