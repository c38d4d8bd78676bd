namespace LlmObserve.Collector.Pipeline.Http;

/// <summary>
/// Limits of the HTTP/1.1 stage. Every limit bounds memory or CPU on the node; what goes past one is cut
/// and counted (<see cref="DropReasons"/>), never buffered.
/// </summary>
public sealed record HttpStageOptions
{
    /// <summary>Decoded body bytes kept per message (request and response each); the rest is only counted.</summary>
    public int MaxBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>Hard cap on decoded bytes per compressed body: decompression stops here (compression bombs).</summary>
    public long MaxDecodedBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>Bytes of one message head (start line and headers).</summary>
    public int MaxHeadBytes { get; init; } = 64 * 1024;

    /// <summary>Header fields in one message head.</summary>
    public int MaxHeaderCount { get; init; } = 128;

    /// <summary>A connection with no bytes for this long is completed as if closed and forgotten (<see cref="HttpStage.Sweep"/>).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Connections tracked at once; a new one evicts the least recently active.</summary>
    public int MaxConnections { get; init; } = 4096;

    /// <summary>Requests waiting for their responses on one connection (pipelining depth).</summary>
    public int MaxPendingRequests { get; init; } = 32;

    /// <summary>Bytes all connections may hold at once: heads and bodies being read, and request bodies waiting for their responses.</summary>
    public long MaxBufferedBytes { get; init; } = 128L * 1024 * 1024;

    /// <summary>Bytes skipped while looking for the next message after a loss before giving the connection up.</summary>
    public long MaxResyncBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// For this long after the stage's first chunk, a TLS connection announced with bytes that do not start
    /// a message is taken to have been joined mid-message (it was open before the collector started, and
    /// TLS connections are announced at the first call seen) and is read from its next message start,
    /// within <see cref="MaxResyncBytes"/>, instead of being muted as not HTTP at once. Sockets are
    /// announced at connect and always judged by their first bytes. Zero: never.
    /// </summary>
    public TimeSpan JoinWindow { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Muted connection ids remembered, so chunks still in flight after a mute are ignored.</summary>
    public int MaxMutedConnections { get; init; } = 16 * 1024;

    /// <summary>What is wrong with these options, one message per property (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Check(MaxBodyBytes is >= 0 and <= 256 * 1024 * 1024, nameof(MaxBodyBytes), "between 0 and 268435456");
        Check(MaxDecodedBytes >= MaxBodyBytes, nameof(MaxDecodedBytes), "at least MaxBodyBytes");
        Check(MaxHeadBytes is >= 1024 and <= 1024 * 1024, nameof(MaxHeadBytes), "between 1024 and 1048576");
        Check(MaxHeaderCount is >= 8 and <= 10_000, nameof(MaxHeaderCount), "between 8 and 10000");
        Check(IdleTimeout > TimeSpan.Zero, nameof(IdleTimeout), "positive");
        Check(MaxConnections is >= 1 and <= 1_000_000, nameof(MaxConnections), "between 1 and 1000000");
        Check(MaxPendingRequests is >= 1 and <= 1024, nameof(MaxPendingRequests), "between 1 and 1024");
        Check(MaxBufferedBytes >= MaxHeadBytes, nameof(MaxBufferedBytes), "at least MaxHeadBytes");
        Check(MaxResyncBytes >= 0, nameof(MaxResyncBytes), "0 or more");
        Check(MaxMutedConnections >= 0, nameof(MaxMutedConnections), "0 or more");
        Check(JoinWindow >= TimeSpan.Zero, nameof(JoinWindow), "zero or positive");
        return errors;

        void Check(bool valid, string name, string expected)
        {
            if (!valid)
            {
                errors.Add($"{name} must be {expected}.");
            }
        }
    }
}
